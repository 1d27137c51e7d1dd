export function charonConf(dir: string, o?: { retransmitTries?: number; retransmitTimeout?: number; halfOpenTimeout?: number; appendLog?: boolean }): string;

// The charon every netns bed starts (driver.mjs, generated.mjs, clouds.netns.ts): its
// strongswan.conf. kernel-libipsec (this kernel has no ESP), the vici socket and the log in the
// gateway's folder; retransmits short so that a tunnel that cannot come up fails quickly.
/**
 * @param {string} dir the gateway's folder (vici socket `<dir>/charon.vici`, log `<dir>/charon.log`)
 * @param {{ retransmitTries?: number, retransmitTimeout?: number, halfOpenTimeout?: number, appendLog?: boolean }} [o]
 */
export function charonConf(dir, o = {}) {
    return `charon {
  load_modular = no
  load = random nonce openssl gmp aes sha1 sha2 hmac gcm kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici
  install_routes = yes
  retransmit_tries = ${o.retransmitTries ?? 3}
  retransmit_timeout = ${(o.retransmitTimeout ?? 1).toFixed(1)}
  retransmit_base = 1.4
${o.halfOpenTimeout ? `  half_open_timeout = ${o.halfOpenTimeout}\n` : ''}  plugins {
    vici {
      socket = unix://${dir}/charon.vici
    }
  }
  filelog {
    site {
      path = ${dir}/charon.log
      time_format = %T
      append = ${o.appendLog === false ? 'no' : 'yes'}
      flush_line = yes
      default = 1
    }
  }
  syslog {
  }
}
`;
}

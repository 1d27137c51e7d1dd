import { describe, expect, test } from 'vitest';
import { InputsMemo, sameInputs } from '../../language-server/src/util/same-inputs.js';

describe('same inputs as last time', () => {
    test('equal when every input is the same object or value, in order', () => {
        const a = {}, b = {};
        expect(sameInputs([a, 1, 'x'], [a, 1, 'x'])).toBe(true);
        expect(sameInputs([a, 1], [b, 1])).toBe(false); // equal-looking objects are other inputs
        expect(sameInputs([a, 1], [1, a])).toBe(false);
        expect(sameInputs([a], [a, undefined])).toBe(false);
        expect(sameInputs(undefined, [])).toBe(false);
    });

    test('a memo gives a kept result back only for the same inputs, and keeps a copy of them', () => {
        const memo = new InputsMemo<object, string[]>();
        const key = {}, input = {};
        const inputs: unknown[] = [input, 2];
        memo.set(key, inputs, []);
        inputs.length = 0; // the caller reuses its scratch array
        expect(memo.get(key, [input, 2])).toEqual([]);
        expect(memo.get(key, [input, 3])).toBeUndefined();
        expect(memo.get({}, [input, 2])).toBeUndefined();
        memo.delete(key);
        expect(memo.get(key, [input, 2])).toBeUndefined();
    });
});

/**
 * QingCloud signature version 1 against the worked example of the API's signature page
 * (yunify/qingcloud-docs, "签名认证": secret SECRETACCESSKEY, the 2013 RunInstances request; the
 * same expected value is in yunify/qingcloud-cli's test), and the API's parameter flattening.
 */
import { describe, expect, test } from 'vitest';
import { canonicalQuery, flatten, qcEncode, signV1 } from '../../language-server/src/adapters/cloud/qingcloud-api.js';

describe('QingCloud signature version 1', () => {
    const example = {
        count: '1', 'vxnets.1': 'vxnet-0', zone: 'pek3a', instance_type: 'small_b', signature_version: '1', signature_method: 'HmacSHA256',
        instance_name: 'demo', image_id: 'centos64x86a', login_mode: 'passwd', login_passwd: 'QingCloud20130712', version: '1',
        access_key_id: 'QYACCESSKEYIDEXAMPLE', action: 'RunInstances', time_stamp: '2013-08-27T14:30:10Z',
    };

    test('the worked example signs to the published value', () => {
        expect(canonicalQuery(example)).toBe('access_key_id=QYACCESSKEYIDEXAMPLE&action=RunInstances&count=1&image_id=centos64x86a&instance_name=demo&instance_type=small_b&login_mode=passwd&login_passwd=QingCloud20130712&signature_method=HmacSHA256&signature_version=1&time_stamp=2013-08-27T14%3A30%3A10Z&version=1&vxnets.1=vxnet-0&zone=pek3a');
        expect(signV1(example, 'SECRETACCESSKEY')).toBe('byjccvWIvAftaq+oublemagH3bYAlDWxxLFAzAsyslw=');
        expect(signV1({ ...example, count: '2' }, 'SECRETACCESSKEY')).not.toBe('byjccvWIvAftaq+oublemagH3bYAlDWxxLFAzAsyslw=');
    });

    test('nested parameters are flattened with 1-based indexes; values are percent-encoded', () => {
        expect(flatten({ router: 'rtr-1', statics: [{ static_type: 7, val2: '192.168.0.0/24|172.26.0.0/24' }] })).toEqual({
            router: 'rtr-1', 'statics.1.static_type': '7', 'statics.1.val2': '192.168.0.0/24|172.26.0.0/24',
        });
        expect(qcEncode('a|b c*')).toBe('a%7Cb%20c%2A');
    });
});

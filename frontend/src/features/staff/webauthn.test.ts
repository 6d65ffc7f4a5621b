import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  base64urlToBuffer,
  bufferToBase64url,
  creationOptionsFromJSON,
  credentialToJSON,
  requestOptionsFromJSON,
} from './webauthn.ts';

const bytes = (buffer: unknown) => Array.from(new Uint8Array(buffer as ArrayBuffer));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('base64url', () => {
  it.each([
    { text: '', want: [] },
    { text: 'AQ', want: [1] },
    { text: 'AQI', want: [1, 2] },
    { text: 'AQID', want: [1, 2, 3] },
    // The two characters base64url puts where base64 has + and /.
    { text: '-_8', want: [251, 255] },
  ])('decodes "$text" and encodes it back the same', ({ text, want }) => {
    const got = base64urlToBuffer(text);
    expect(bytes(got)).toEqual(want);
    expect(bufferToBase64url(got)).toBe(text);
  });

  it('takes padding and views of a larger buffer', () => {
    expect(bytes(base64urlToBuffer('AQI='))).toEqual([1, 2]);
    expect(bufferToBase64url(new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4))).toBe('AQID');
  });
});

describe('options without the browser parsers', () => {
  it('decodes the challenge and the allowed credential ids, and keeps the rest', () => {
    const got = requestOptionsFromJSON({
      challenge: 'AQID',
      rpId: 'riverside.example',
      timeout: 60000,
      userVerification: 'preferred',
      allowCredentials: [{ type: 'public-key', id: 'BAUG', transports: ['internal'] }],
    });
    expect(bytes(got.challenge)).toEqual([1, 2, 3]);
    expect(got.rpId).toBe('riverside.example');
    expect(got.userVerification).toBe('preferred');
    expect(got.allowCredentials?.[0]?.type).toBe('public-key');
    expect(got.allowCredentials?.[0]?.transports).toEqual(['internal']);
    expect(bytes(got.allowCredentials?.[0]?.id)).toEqual([4, 5, 6]);
  });

  it('decodes the challenge, the user id and the excluded ids of creation options', () => {
    const got = creationOptionsFromJSON({
      challenge: 'AQID',
      rp: { id: 'riverside.example', name: 'Password Help' },
      user: { id: 'BwgJ', name: 'ana.rivera@riverside.example', displayName: 'Ana Rivera' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      excludeCredentials: [{ type: 'public-key', id: 'BAUG' }],
    });
    expect(bytes(got.challenge)).toEqual([1, 2, 3]);
    expect(bytes(got.user.id)).toEqual([7, 8, 9]);
    expect(got.user.displayName).toBe('Ana Rivera');
    expect(got.pubKeyCredParams).toEqual([{ type: 'public-key', alg: -7 }]);
    expect(bytes(got.excludeCredentials?.[0]?.id)).toEqual([4, 5, 6]);
  });

  it('leaves out lists the server did not send', () => {
    expect(requestOptionsFromJSON({ challenge: 'AQID' })).not.toHaveProperty('allowCredentials');
  });
});

describe('options with the browser parsers', () => {
  it('lets the browser convert when it can', () => {
    const parsed = { challenge: new ArrayBuffer(1) };
    const parseRequestOptionsFromJSON = vi.fn(() => parsed);
    vi.stubGlobal('PublicKeyCredential', { parseRequestOptionsFromJSON });
    const json = { challenge: 'AQID' };
    expect(requestOptionsFromJSON(json)).toBe(parsed);
    expect(parseRequestOptionsFromJSON).toHaveBeenCalledWith(json);
  });
});

function buffer(...values: number[]): ArrayBuffer {
  return new Uint8Array(values).buffer;
}

describe('credentialToJSON', () => {
  it('uses the browser toJSON when there is one', () => {
    const credential = { toJSON: () => ({ id: 'from-browser' }) } as unknown as PublicKeyCredential;
    expect(credentialToJSON(credential)).toEqual({ id: 'from-browser' });
  });

  it('writes an assertion with base64url fields', () => {
    const credential = {
      id: 'BAUG',
      rawId: buffer(4, 5, 6),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      getClientExtensionResults: () => ({}),
      response: { clientDataJSON: buffer(1), authenticatorData: buffer(2), signature: buffer(3), userHandle: buffer(7, 8, 9) },
    } as unknown as PublicKeyCredential;
    expect(credentialToJSON(credential)).toEqual({
      id: 'BAUG',
      rawId: 'BAUG',
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: 'AQ', authenticatorData: 'Ag', signature: 'Aw', userHandle: 'BwgJ' },
    });
  });

  it('writes an attestation with its transports, and no userHandle it did not have', () => {
    const credential = {
      id: 'BAUG',
      rawId: buffer(4, 5, 6),
      type: 'public-key',
      authenticatorAttachment: null,
      getClientExtensionResults: () => ({ credProps: { rk: true } }),
      response: { clientDataJSON: buffer(1), attestationObject: buffer(5), getTransports: () => ['internal', 'hybrid'] },
    } as unknown as PublicKeyCredential;
    expect(credentialToJSON(credential)).toEqual({
      id: 'BAUG',
      rawId: 'BAUG',
      type: 'public-key',
      clientExtensionResults: { credProps: { rk: true } },
      response: { clientDataJSON: 'AQ', attestationObject: 'BQ', transports: ['internal', 'hybrid'] },
    });
  });
});

// Passkeys: the server (go-webauthn) sends WebAuthn options as JSON with base64url binary
// fields and reads the browser's credential back as JSON. Browsers that have
// PublicKeyCredential.parse…FromJSON and credential.toJSON() do the conversion themselves;
// for the others these functions do the same small part of it.

type Json = Record<string, unknown>;

/** base64urlToBuffer decodes base64url (with or without padding) into bytes. */
export function base64urlToBuffer(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** bufferToBase64url encodes bytes as base64url without padding, as WebAuthn's JSON forms do. */
export function bufferToBase64url(buffer: ArrayBuffer | ArrayBufferView): string {
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function withIds(list: unknown): PublicKeyCredentialDescriptor[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return (list as Json[]).map((descriptor) => ({
    ...(descriptor as unknown as PublicKeyCredentialDescriptor),
    id: base64urlToBuffer(String(descriptor.id)),
  }));
}

type Parsers = {
  parseRequestOptionsFromJSON?: (options: PublicKeyCredentialRequestOptionsJSON) => PublicKeyCredentialRequestOptions;
  parseCreationOptionsFromJSON?: (options: PublicKeyCredentialCreationOptionsJSON) => PublicKeyCredentialCreationOptions;
};

function browserParsers(): Parsers {
  return (globalThis as { PublicKeyCredential?: Parsers }).PublicKeyCredential ?? {};
}

/** requestOptionsFromJSON turns the server's assertion options into what navigator.credentials.get takes. */
export function requestOptionsFromJSON(json: Json): PublicKeyCredentialRequestOptions {
  const parse = browserParsers().parseRequestOptionsFromJSON;
  if (parse) return parse(json as unknown as PublicKeyCredentialRequestOptionsJSON);
  const allowCredentials = withIds(json.allowCredentials);
  return {
    ...(json as unknown as PublicKeyCredentialRequestOptions),
    challenge: base64urlToBuffer(String(json.challenge)),
    ...(allowCredentials ? { allowCredentials } : {}),
  };
}

/** creationOptionsFromJSON turns the server's creation options into what navigator.credentials.create takes. */
export function creationOptionsFromJSON(json: Json): PublicKeyCredentialCreationOptions {
  const parse = browserParsers().parseCreationOptionsFromJSON;
  if (parse) return parse(json as unknown as PublicKeyCredentialCreationOptionsJSON);
  const user = json.user as Json;
  const excludeCredentials = withIds(json.excludeCredentials);
  return {
    ...(json as unknown as PublicKeyCredentialCreationOptions),
    challenge: base64urlToBuffer(String(json.challenge)),
    user: { ...(user as unknown as PublicKeyCredentialUserEntity), id: base64urlToBuffer(String(user.id)) },
    ...(excludeCredentials ? { excludeCredentials } : {}),
  };
}

/** credentialToJSON is the browser's credential as the server reads it. */
export function credentialToJSON(credential: PublicKeyCredential): Json {
  if (typeof (credential as { toJSON?: unknown }).toJSON === 'function') {
    return credential.toJSON() as unknown as Json;
  }
  const response = credential.response;
  const body: Json = { clientDataJSON: bufferToBase64url(response.clientDataJSON) };
  if ('attestationObject' in response) {
    const attestation = response as AuthenticatorAttestationResponse;
    body.attestationObject = bufferToBase64url(attestation.attestationObject);
    if (typeof attestation.getTransports === 'function') body.transports = attestation.getTransports();
  } else {
    const assertion = response as AuthenticatorAssertionResponse;
    body.authenticatorData = bufferToBase64url(assertion.authenticatorData);
    body.signature = bufferToBase64url(assertion.signature);
    if (assertion.userHandle) body.userHandle = bufferToBase64url(assertion.userHandle);
  }
  return {
    id: credential.id,
    rawId: bufferToBase64url(credential.rawId),
    type: credential.type,
    response: body,
    clientExtensionResults: credential.getClientExtensionResults(),
    ...(credential.authenticatorAttachment ? { authenticatorAttachment: credential.authenticatorAttachment } : {}),
  };
}

/** passkeysSupported tells whether this browser can use passkeys at all. */
export function passkeysSupported(): boolean {
  return typeof globalThis.PublicKeyCredential === 'function' && typeof navigator.credentials?.get === 'function';
}

/** getPasskey asks the browser for an assertion with the server's options. */
export async function getPasskey(publicKey: Json): Promise<Json> {
  const credential = await navigator.credentials.get({ publicKey: requestOptionsFromJSON(publicKey) });
  if (!credential) throw new Error('no credential');
  return credentialToJSON(credential as PublicKeyCredential);
}

/** createPasskey asks the browser to make a passkey with the server's options. */
export async function createPasskey(publicKey: Json): Promise<Json> {
  const credential = await navigator.credentials.create({ publicKey: creationOptionsFromJSON(publicKey) });
  if (!credential) throw new Error('no credential');
  return credentialToJSON(credential as PublicKeyCredential);
}

package staff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
)

// WebAuthn ceremonies, one live challenge each per staff member.
const (
	ceremonyRegister = "register"
	ceremonyAssert   = "assert"
)

// maxPasskeyName bounds a passkey's name.
const maxPasskeyName = 100

// webauthnUser is a staff member as go-webauthn sees one.
type webauthnUser struct {
	m       accounts.Staff
	handle  []byte
	creds   []webauthn.Credential
	records []Passkey
}

func (u *webauthnUser) WebAuthnID() []byte                         { return u.handle }
func (u *webauthnUser) WebAuthnName() string                       { return u.m.Email }
func (u *webauthnUser) WebAuthnDisplayName() string                { return u.m.FirstName + " " + u.m.LastName }
func (u *webauthnUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// user reads what go-webauthn needs of m: its handle and its credentials.
func (s *Service) user(ctx context.Context, m accounts.Staff) (*webauthnUser, error) {
	sec, err := s.Store.StaffSecrets(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	keys, err := s.Store.Passkeys(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	u := &webauthnUser{m: m, handle: sec.WebAuthnHandle, records: keys}
	for _, k := range keys {
		var c webauthn.Credential
		if err := json.Unmarshal(k.Credential, &c); err != nil {
			return nil, fmt.Errorf("passkey %s: %w", k.ID, err)
		}
		u.creds = append(u.creds, c)
	}
	return u, nil
}

// saveCeremony keeps a challenge bound to the staff member for CeremonyTTL.
func (s *Service) saveCeremony(ctx context.Context, staffID, ceremony string, data *webauthn.SessionData) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("webauthn session: %w", err)
	}
	return s.Store.SaveCeremony(ctx, staffID, ceremony, raw, s.now().Add(CeremonyTTL))
}

// takeCeremony spends the live challenge of a ceremony: a challenge answers once.
func (s *Service) takeCeremony(ctx context.Context, staffID, ceremony string) (webauthn.SessionData, error) {
	var data webauthn.SessionData
	raw, err := s.Store.TakeCeremony(ctx, staffID, ceremony, s.now())
	if errors.Is(err, accounts.ErrNotFound) {
		return data, ErrCeremonyExpired
	}
	if err != nil {
		return data, err
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		return data, fmt.Errorf("webauthn session: %w", err)
	}
	return data, nil
}

// publicKey turns go-webauthn's options into the generic object the contract carries.
func publicKey(options any) (map[string]any, error) {
	raw, err := json.Marshal(options)
	if err != nil {
		return nil, fmt.Errorf("webauthn options: %w", err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("webauthn options: %w", err)
	}
	return out, nil
}

// StartPasskeyRegistration returns creation options for a new passkey of m (the ones m has
// are excluded, so an authenticator is not registered twice).
func (s *Service) StartPasskeyRegistration(ctx context.Context, m accounts.Staff) (map[string]any, error) {
	if s.WebAuthn == nil {
		return nil, ErrNoEnrolment
	}
	u, err := s.user(ctx, m)
	if err != nil {
		return nil, err
	}
	creation, data, err := s.WebAuthn.BeginRegistration(u,
		webauthn.WithExclusions(webauthn.Credentials(u.creds).CredentialDescriptors()),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred))
	if err != nil {
		return nil, fmt.Errorf("begin passkey registration: %w", err)
	}
	if err := s.saveCeremony(ctx, m.ID, ceremonyRegister, data); err != nil {
		return nil, err
	}
	return publicKey(creation.Response)
}

// FinishPasskeyRegistration verifies an attestation made with the last creation options and
// stores the passkey; the passkey, audit event and email commit together.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, m accounts.Staff, credential []byte, name string) (Passkey, error) {
	if s.WebAuthn == nil {
		return Passkey{}, ErrNoEnrolment
	}
	data, err := s.takeCeremony(ctx, m.ID, ceremonyRegister)
	if err != nil {
		return Passkey{}, s.refused(ctx, m.ID, actionPasskeyAdded, err, "passkey_challenge_expired")
	}
	u, err := s.user(ctx, m)
	if err != nil {
		return Passkey{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(credential)
	if err != nil {
		return Passkey{}, s.refused(ctx, m.ID, actionPasskeyAdded, ErrPasskeyInvalid, "passkey_invalid")
	}
	cred, err := s.WebAuthn.CreateCredential(u, data, parsed)
	if err != nil {
		return Passkey{}, s.refused(ctx, m.ID, actionPasskeyAdded, ErrPasskeyInvalid, "passkey_invalid")
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return Passkey{}, fmt.Errorf("passkey: %w", err)
	}
	if name = strings.TrimSpace(name); name == "" {
		name = "Passkey"
	}
	if r := []rune(name); len(r) > maxPasskeyName {
		name = string(r[:maxPasskeyName])
	}
	var p Passkey
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		if p, err = s.Store.AddPasskey(ctx, m.ID, Passkey{Name: name, CredentialID: cred.ID, Credential: raw}); err != nil {
			return err
		}
		if err := s.self(ctx, m.ID, actionPasskeyAdded, audit.Succeeded, ""); err != nil {
			return err
		}
		return s.email(ctx, m, mail.StaffPasskeyAdded, func(a *mail.StaffEmailArgs) { a.PasskeyName = name })
	})
	return p, err
}

// RemovePasskey removes a passkey of m; the authenticator app stays.
func (s *Service) RemovePasskey(ctx context.Context, m accounts.Staff, passkeyID string) error {
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		p, ok, err := s.Store.RemovePasskey(ctx, m.ID, passkeyID)
		if err != nil {
			return err
		}
		if !ok {
			return accounts.ErrNotFound
		}
		if err := s.self(ctx, m.ID, actionPasskeyRemoved, audit.Succeeded, ""); err != nil {
			return err
		}
		return s.email(ctx, m, mail.StaffPasskeyRemoved, func(a *mail.StaffEmailArgs) { a.PasskeyName = p.Name })
	})
}

// Passkeys lists m's passkeys, newest first.
func (s *Service) Passkeys(ctx context.Context, m accounts.Staff) ([]Passkey, error) {
	return s.Store.Passkeys(ctx, m.ID)
}

// StartPasskeySignIn returns assertion options for m's passkeys.
func (s *Service) StartPasskeySignIn(ctx context.Context, m accounts.Staff) (map[string]any, error) {
	if s.WebAuthn == nil {
		return nil, ErrNoEnrolment
	}
	u, err := s.user(ctx, m)
	if err != nil {
		return nil, err
	}
	if len(u.creds) == 0 {
		return nil, ErrNoEnrolment
	}
	assertion, data, err := s.WebAuthn.BeginLogin(u)
	if err != nil {
		return nil, fmt.Errorf("begin passkey sign-in: %w", err)
	}
	if err := s.saveCeremony(ctx, m.ID, ceremonyAssert, data); err != nil {
		return nil, err
	}
	return publicKey(assertion.Response)
}

// FinishPasskeySignIn proves m's second factor with an assertion answering the last
// challenge. It counts on the sign-in throttle like a code.
func (s *Service) FinishPasskeySignIn(ctx context.Context, m accounts.Staff, assertion []byte, renewal bool) error {
	if s.WebAuthn == nil {
		return ErrNoEnrolment
	}
	action := actionSignInFactor
	if renewal {
		action = actionRenewFactor
	}
	throttle := accounts.Throttle{Attempts: s.Attempts}
	if err := throttle.Claim(ctx, signInKey(m.ID), s.now()); err != nil {
		return s.refused(ctx, m.ID, action, err, "sign_in_throttled")
	}
	data, err := s.takeCeremony(ctx, m.ID, ceremonyAssert)
	if err != nil {
		return s.refused(ctx, m.ID, action, err, "passkey_challenge_expired")
	}
	u, err := s.user(ctx, m)
	if err != nil {
		return err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(assertion)
	if err != nil {
		return s.refused(ctx, m.ID, action, ErrSecondFactorInvalid, "second_factor_invalid")
	}
	cred, err := s.WebAuthn.ValidateLogin(u, data, parsed)
	if err != nil {
		return s.refused(ctx, m.ID, action, ErrSecondFactorInvalid, "second_factor_invalid")
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return fmt.Errorf("passkey: %w", err)
	}
	if err := s.Store.UpdatePasskeyUse(ctx, m.ID, cred.ID, raw, s.now()); err != nil {
		return err
	}
	if err := throttle.Succeeded(ctx, signInKey(m.ID)); err != nil {
		return err
	}
	return s.self(ctx, m.ID, action, audit.Succeeded, string(MethodPasskey))
}

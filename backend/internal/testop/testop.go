package testop

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	zstorage "github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is a person who can sign in at the provider, with the login page's username and
// password.
type User struct {
	Username      string `json:"username"`
	Password      string `json:"password"`
	Email         string `json:"email"`
	EmailVerified bool   `json:"emailVerified"`
	FirstName     string `json:"firstName"`
	LastName      string `json:"lastName"`
}

// Options shape a provider.
type Options struct {
	ClientID, ClientSecret string
	// RedirectURL is the client's one registered redirect address; SetRedirectURL can set
	// it later (a portal whose address is known only once it runs).
	RedirectURL string
	Users       []User
	// EmailInIDToken puts the email claims in the ID token, as Google and Entra ID do;
	// without it they are only at the userinfo endpoint (zitadel's default).
	EmailInIDToken bool
	// WrongNonce makes the provider sign ID tokens with another nonce than the client sent.
	WrongNonce bool
	// AuthTimeAgo, when set, makes the ID token's auth_time that long before the login, as
	// a provider does that answers from an earlier login despite prompt=login.
	AuthTimeAgo time.Duration
}

// Provider is a running provider's control.
type Provider struct {
	Handler http.Handler
	store   *storage
	users   *userStore
}

// New builds a provider whose issuer is issuer (normally the address it is served at; a
// test serving it elsewhere gets a discovery document naming another issuer).
func New(issuer string, o Options) *Provider {
	users := &userStore{users: map[string]*zstorage.User{}}
	for _, u := range o.Users {
		users.add(u)
	}
	st := &storage{
		Storage: zstorage.NewStorageWithClients(users, map[string]*zstorage.Client{}),
		id:      o.ClientID, secret: o.ClientSecret, emailInToken: o.EmailInIDToken, wrongNonce: o.WrongNonce,
		authTimeAgo: o.AuthTimeAgo,
	}
	st.SetRedirectURL(o.RedirectURL)
	return &Provider{Handler: exampleop.SetupServer(issuer, st, nil, false), store: st, users: users}
}

// SetRedirectURL registers the client's redirect address.
func (p *Provider) SetRedirectURL(url string) { p.store.SetRedirectURL(url) }

// AddUser adds a person who can sign in (a test adds the staff it made).
func (p *Provider) AddUser(u User) { p.users.add(u) }

// userStore holds the users by id.
type userStore struct {
	mu    sync.Mutex
	users map[string]*zstorage.User
}

func (u *userStore) add(user User) {
	u.mu.Lock()
	defer u.mu.Unlock()
	id := fmt.Sprintf("user%d", len(u.users)+1)
	u.users[id] = &zstorage.User{
		ID: id, Username: user.Username, Password: user.Password, Email: user.Email,
		EmailVerified: user.EmailVerified, FirstName: user.FirstName, LastName: user.LastName,
	}
}

func (u *userStore) GetUserByID(id string) *zstorage.User {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.users[id]
}

func (u *userStore) GetUserByUsername(name string) *zstorage.User {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, user := range u.users {
		if strings.EqualFold(user.Username, name) {
			return user
		}
	}
	return nil
}

func (u *userStore) ExampleClientID() string { return zstorage.ServiceUserID }

// storage is the example's in-memory storage with one client whose redirect address may
// be set after the provider starts, and the misbehaviours tests ask for.
type storage struct {
	*zstorage.Storage
	id, secret   string
	emailInToken bool
	wrongNonce   bool
	authTimeAgo  time.Duration

	mu     sync.Mutex
	client *zstorage.Client
}

func (s *storage) SetRedirectURL(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.client = zstorage.WebClient(s.id, s.secret, url)
}

var errNoClient = errors.New("client not found")

// GetClientByClientID implements op.Storage.
func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != s.id {
		return nil, errNoClient
	}
	c := zstorage.RedirectGlobsClient(s.client)
	if s.emailInToken {
		return claimsInToken{c}, nil
	}
	return c, nil
}

// AuthorizeClientIDSecret implements op.Storage.
func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.id || secret != s.secret {
		return errNoClient
	}
	return nil
}

// CreateAuthRequest implements op.Storage, changing the nonce when asked to misbehave.
func (s *storage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, userID string) (op.AuthRequest, error) {
	if s.wrongNonce {
		changed := *req
		changed.Nonce = "not-the-nonce-the-client-sent"
		req = &changed
	}
	return s.Storage.CreateAuthRequest(ctx, req, userID)
}

// AuthRequestByCode implements op.Storage, moving the login's time back when asked to.
func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	req, err := s.Storage.AuthRequestByCode(ctx, code)
	if err != nil || s.authTimeAgo == 0 {
		return req, err
	}
	return earlierLogin{req, s.authTimeAgo}, nil
}

// earlierLogin is an authorization request whose login happened ago before it did.
type earlierLogin struct {
	op.AuthRequest
	ago time.Duration
}

func (e earlierLogin) GetAuthTime() time.Time { return e.AuthRequest.GetAuthTime().Add(-e.ago) }

// claimsInToken is a client whose ID tokens carry the profile and email claims.
type claimsInToken struct{ op.Client }

func (claimsInToken) IDTokenUserinfoClaimsAssertion() bool { return true }

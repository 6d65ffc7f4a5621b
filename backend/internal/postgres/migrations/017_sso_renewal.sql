-- Staff single sign-on, renewal (issue 14): a signed-in staff member may prove the second
-- factor again at the identity provider. Such a start is bound to the staff session that
-- made it: the member, the session's id, token version and sign-in time (so the callback,
-- which does not get the session's SameSite=Strict cookie back from the provider, re-issues
-- the same session), and the page of the staff area to return to. A plain sign-in leaves
-- them all null.
alter table sso_states
    add column renew_staff_id      uuid,
    add column renew_session_id    text,
    add column renew_token_version integer,
    add column renew_sign_in_at    timestamptz,
    add column renew_return_to     text,
    add constraint sso_states_renewal_whole check (
        num_nulls(renew_staff_id, renew_session_id, renew_token_version, renew_sign_in_at, renew_return_to) in (0, 5));

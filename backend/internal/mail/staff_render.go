package mail

import (
	"fmt"
	"strconv"
	"strings"
)

// staffWording is one staff email, in English: staff are the district's employees, who
// work in English. {when} is the event's time, {until} the link's end, {name} the passkey,
// {by} the district admin, {left} the recovery codes left.
type staffWording struct {
	subject, lead, button, validity, notYou string
	// page introduces the link to a page of the staff area (a plain address, no token).
	page string
}

// regenerationSentences say how a regeneration ended, by its status.
var regenerationSentences = map[string]string{
	"done":      "every student of the request was done.",
	"cancelled": "it was cancelled; the students done keep their new passwords, the others were not changed.",
	"failed":    "it stopped after failing several times; the students done keep their new passwords.",
}

// rosterImportSentences say how a roster import ended, by its status.
var rosterImportSentences = map[string]string{
	"applied": "it was applied: {added} rows added, {changed} changed and {retired} retired, over every file.",
	"failed":  "it failed, and nothing was changed. {failure}",
}

var staffCatalog = map[StaffEmailKind]staffWording{
	StaffResetPassword: {
		subject: "Reset your staff portal password",
		lead:    "On {when}, we got a request to reset the password of your staff account. You can choose a new password here:",
		button:  "Choose a new password",
		validity: "The link works once and for 30 minutes, until {until}. If you asked more than once, only the newest " +
			"link works. Your authenticator app and passkeys stay as they are.",
		notYou: "If you did not ask for this, ignore this email: your password stays as it is.",
	},
	StaffPasswordChanged: {
		subject: "Your staff portal password was changed",
		lead:    "The password of your staff account was changed on {when}. Every other staff session of yours was signed out.",
		notYou:  "If you did not change it, contact your district's help desk right away.",
	},
	StaffTOTPEnrolled: {
		subject: "An authenticator app was set up for your staff account",
		lead:    "On {when}, an authenticator app was set up as the second step of signing in to your staff account, with ten new recovery codes.",
		notYou:  "If you did not do this, contact your district's help desk right away.",
	},
	StaffRecoveryCodeUsed: {
		subject: "A recovery code was used to sign in",
		lead:    "On {when}, one of your recovery codes was used to sign in to your staff account. Each code works once; {left} remain.",
		notYou:  "If it was not you, contact your district's help desk right away: someone may have your password and your codes.",
	},
	StaffPasskeyAdded: {
		subject: "A passkey was added to your staff account",
		lead:    "On {when}, the passkey “{name}” was added to your staff account.",
		notYou:  "If you did not add it, contact your district's help desk right away.",
	},
	StaffPasskeyRemoved: {
		subject: "A passkey was removed from your staff account",
		lead:    "On {when}, the passkey “{name}” was removed from your staff account.",
		notYou:  "If you did not remove it, contact your district's help desk right away.",
	},
	StaffRegenerationEnded: {
		subject: "Your default-password regeneration is {status}",
		lead: "The district default-password regeneration you confirmed ended on {when}: {status_sentence} " +
			"{done} of {total} students got a new default password, in {duration}.",
		page:   "See the request and the history:",
		notYou: "If you did not confirm this regeneration, contact your district's help desk right away.",
	},
	StaffRosterImportEnded: {
		subject: "Your roster import {file}is {status}",
		lead:    "The OneRoster import {file}you applied ended on {when}: {status_sentence}",
		page:    "See the import and the history on the district setup page:",
		notYou:  "If you did not apply this import, contact your district's help desk right away.",
	},
	StaffSecondFactorReset: {
		subject: "Your staff sign-in's second step was reset",
		lead: "On {when}, {by}, a district administrator, removed your authenticator app, passkeys and recovery codes. " +
			"You were signed out; at your next sign-in you will set up an authenticator app again.",
		notYou: "If you did not ask for this, contact your district's help desk right away.",
	},
}

// RenderStaff builds the subject, text and HTML of a staff email with the family emails'
// layout. link is StaffResetPassword's opened link and "" for the other kinds.
func RenderStaff(a StaffEmailArgs, link string) (Rendered, error) {
	w, ok := staffCatalog[a.EmailKind]
	life := a.EmailKind.LinkLifetime()
	if err := a.check("staff", string(a.EmailKind), ok, life, link); err != nil {
		return Rendered{}, err
	}
	base, loc := catalog["en"], location(a.TimeZone)
	var regen RegenerationSummary
	if a.EmailKind == StaffRegenerationEnded {
		if a.Regeneration == nil || regenerationSentences[a.Regeneration.Status] == "" {
			return Rendered{}, fmt.Errorf("%w: regeneration_ended without a known status", ErrInvalidArgs)
		}
		regen = *a.Regeneration
	}
	status, sentence, pageURL := regen.Status, regenerationSentences[regen.Status], regen.PageURL
	var roster RosterImportSummary
	if a.EmailKind == StaffRosterImportEnded {
		if a.RosterImport == nil || rosterImportSentences[a.RosterImport.Status] == "" {
			return Rendered{}, fmt.Errorf("%w: roster_import_ended without a known status", ErrInvalidArgs)
		}
		roster = *a.RosterImport
		status, sentence, pageURL = roster.Status, rosterImportSentences[roster.Status], roster.PageURL
	}
	file := ""
	if name := oneLine(roster.FileName); name != "" {
		file = "“" + name + "” "
	}
	fill := strings.NewReplacer(
		"{status_sentence}", strings.NewReplacer(
			"{added}", strconv.Itoa(roster.Added), "{changed}", strconv.Itoa(roster.Changed),
			"{retired}", strconv.Itoa(roster.Retired), "{failure}", oneLine(roster.Failure),
		).Replace(sentence),
		"{status}", status,
		"{file}", file,
		"{done}", strconv.Itoa(regen.Done),
		"{total}", strconv.Itoa(regen.Total),
		"{duration}", duration(regen.Seconds),
		"{when}", base.formatTime(a.OccurredAt.In(loc)),
		"{until}", base.formatTime(a.OccurredAt.Add(life).In(loc)),
		"{name}", oneLine(a.PasskeyName),
		"{by}", oneLine(a.ResetBy),
		"{left}", strconv.Itoa(a.CodesLeft),
	).Replace
	v := familyView{
		Lang: "en", Subject: fill(w.subject), Greeting: base.greet(a.Name),
		Blocks:    []familyBlock{lead(fill(w.lead), link, w.button)},
		CopyHint:  familyCatalog["en"].copyHint,
		Signature: "Staff portal",
		Safety:    "We will never ask for your password, a code or a recovery code by email or phone.",
		District:  oneLine(a.District.Name), Help: a.District.helpLine("en"),
	}
	if w.validity != "" {
		v.Blocks = append(v.Blocks, familyBlock{Text: fill(w.validity)})
	}
	if page := strings.TrimSpace(pageURL); w.page != "" && webAddress(page) {
		v.Blocks = append(v.Blocks, familyBlock{Text: w.page, URL: page})
	}
	if signIn := strings.TrimSpace(a.SignInURL); webAddress(signIn) {
		v.Blocks = append(v.Blocks, familyBlock{Text: "Staff sign-in:", URL: signIn})
	}
	v.Blocks = append(v.Blocks, familyBlock{Text: w.notYou, Alert: a.EmailKind != StaffResetPassword})
	return execute(familyTextTmpl, familyHTMLTmpl, v.Subject, "staff", v)
}

// duration says a regeneration's length in words: seconds under two minutes, else minutes.
func duration(seconds int) string {
	switch {
	case seconds == 1:
		return "1 second"
	case seconds < 120:
		return strconv.Itoa(seconds) + " seconds"
	default:
		return strconv.Itoa((seconds+30)/60) + " minutes"
	}
}

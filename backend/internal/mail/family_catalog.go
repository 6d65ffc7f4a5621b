package mail

// familyPhrases holds one language's wording of the family-portal emails.
// The reader is a parent, so the tone is plain and warm, and Spanish uses
// "usted". Sentences name their values as {when} (the time of the event) and
// {until} (the time the link expires) rather than with fmt verbs, because not
// every sentence uses each value.
//
// The greeting and the time format come from the language's phrases in
// catalog, so every email of the portal greets and dates alike.
type familyPhrases struct {
	kinds     map[FamilyEmailKind]familyWording
	via       map[string]string // FamilyEmailArgs.Via → sentence
	copyHint  string
	safety    string
	signature string
}

// familyWording is one email. Empty sentences are left out.
type familyWording struct {
	subject string
	lead    string // the first paragraph; for link kinds it introduces the link
	button  string // link kinds: the label of the HTML button
	// validity says how long the link works; link kinds only.
	validity string
	// signIn introduces the sign-in page's address on the next line.
	signIn     string
	ifExpected string
	notYou     string
	// alert shows notYou as a warning.
	alert bool
	// signInAfterAlert follows notYou with the sign-in address.
	signInAfterAlert bool
}

var familyCatalog = map[string]familyPhrases{
	"en": {
		kinds: map[FamilyEmailKind]familyWording{
			FamilyVerifyEmail: {
				subject:  "Confirm your email for the family portal",
				lead:     "Welcome to the family portal! Before you can add your children, please confirm your email address:",
				button:   "Confirm my email",
				validity: "The link works once and for 48 hours, until {until}.",
				notYou:   "If you did not sign up for the family portal, you can ignore this email.",
			},
			FamilyAlreadyRegistered: {
				subject: "You already have a family portal account",
				lead: "On {when}, someone, maybe you, tried to create a family portal account " +
					"with this email address. You already have an account, so nothing was changed.",
				signIn: "To get in, sign in with this email address. If you don’t remember your password, " +
					"choose “Forgot your password?” on the sign-in page.",
				notYou: "If it wasn’t you, you don’t need to do anything: your account and password stay as they are.",
			},
			FamilyResetPassword: {
				subject: "Reset your family portal password",
				lead: "On {when}, we got a request to reset the password for your family portal account. " +
					"You can choose a new password here:",
				button: "Choose a new password",
				validity: "The link works once and for 30 minutes, until {until}. " +
					"If you asked more than once, only the newest link works.",
				notYou: "If you did not ask for this, you can ignore this email. Your password stays the same.",
			},
			FamilyPasswordChanged: {
				subject:    "Your family portal password was changed",
				lead:       "The password for your family portal account was changed on {when}.",
				ifExpected: "If you made this change, you don’t need to do anything.",
				notYou: "Not you? Right away, choose “Forgot your password?” on the sign-in page " +
					"to set a new password, then contact your child’s school.",
				alert: true, signInAfterAlert: true,
			},
			FamilyGuardianLinked: {
				subject: "Another parent or guardian was linked to {child}",
				lead: "On {when}, {linkedBy} linked their family portal account to {child}’s school account " +
					"with a parent access code from the school. They can now see how the account is set up " +
					"and reset its password.",
				ifExpected: "If you know about this, you don’t need to do anything.",
				notYou:     "If you don’t know this person, contact the school right away: {contact}",
				alert:      true,
			},
		},
		via: map[string]string{
			FamilyViaSignedIn:  "It was changed while signed in to the family portal.",
			FamilyViaResetLink: "It was changed with a “Forgot your password?” link sent to this address.",
		},
		copyHint:  "If the button does not work, copy this address into your browser:",
		safety:    "This email never includes your password, and nobody from the school will ever ask you for it.",
		signature: "Family portal",
	},
	"es": {
		kinds: map[FamilyEmailKind]familyWording{
			FamilyVerifyEmail: {
				subject: "Confirme su correo electrónico del portal para familias",
				lead: "Le damos la bienvenida al portal para familias. Antes de agregar a sus hijos, " +
					"confirme su dirección de correo electrónico:",
				button:   "Confirmar mi correo",
				validity: "El enlace funciona una sola vez y durante 48 horas, hasta el {until}.",
				notYou:   "Si usted no se registró en el portal para familias, puede ignorar este correo.",
			},
			FamilyAlreadyRegistered: {
				subject: "Ya tiene una cuenta en el portal para familias",
				lead: "El {when}, alguien (quizá usted) intentó crear una cuenta en el portal para familias " +
					"con esta dirección de correo. Usted ya tiene una cuenta, así que no se cambió nada.",
				signIn: "Para entrar, inicie sesión con esta dirección de correo. Si no recuerda su contraseña, " +
					"elija «¿Olvidó su contraseña?» en la página de inicio de sesión.",
				notYou: "Si no fue usted, no tiene que hacer nada: su cuenta y su contraseña siguen igual.",
			},
			FamilyResetPassword: {
				subject: "Restablezca su contraseña del portal para familias",
				lead: "El {when} recibimos una solicitud para restablecer la contraseña de su cuenta " +
					"del portal para familias. Puede elegir una contraseña nueva aquí:",
				button: "Elegir una contraseña nueva",
				validity: "El enlace funciona una sola vez y durante 30 minutos, hasta el {until}. " +
					"Si lo pidió más de una vez, únicamente funciona el enlace más reciente.",
				notYou: "Si usted no lo pidió, puede ignorar este correo. Su contraseña seguirá siendo la misma.",
			},
			FamilyPasswordChanged: {
				subject:    "Se cambió su contraseña del portal para familias",
				lead:       "La contraseña de su cuenta del portal para familias se cambió el {when}.",
				ifExpected: "Si usted hizo este cambio, no tiene que hacer nada.",
				notYou: "¿No fue usted? Elija de inmediato «¿Olvidó su contraseña?» en la página de inicio " +
					"de sesión para poner una contraseña nueva, y luego comuníquese con la escuela de su hijo o hija.",
				alert: true, signInAfterAlert: true,
			},
			FamilyGuardianLinked: {
				subject: "Otro padre, madre o tutor se vinculó con {child}",
				lead: "El {when}, {linkedBy} vinculó su cuenta del portal para familias con la cuenta escolar " +
					"de {child} usando un código de acceso para padres de la escuela. Ahora puede ver cómo está " +
					"configurada la cuenta y restablecer su contraseña.",
				ifExpected: "Si usted ya lo sabía, no tiene que hacer nada.",
				notYou:     "Si no conoce a esta persona, comuníquese de inmediato con la escuela: {contact}",
				alert:      true,
			},
		},
		via: map[string]string{
			FamilyViaSignedIn:  "Se cambió con la sesión iniciada en el portal para familias.",
			FamilyViaResetLink: "Se cambió con un enlace de «¿Olvidó su contraseña?» enviado a esta dirección.",
		},
		copyHint:  "Si el botón no funciona, copie esta dirección en su navegador:",
		safety:    "Este correo nunca incluye su contraseña, y nadie de la escuela se la pedirá nunca.",
		signature: "Portal para familias",
	},
}

package policy

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// LookAlikes are the characters generated passwords never contain, because they are easily
// misread on a printed login card: zero, capital O, one, small L and capital I.
const LookAlikes = "0O1lI"

// Generated password shapes.
const (
	// youngGeneratedBelowGrade is the first grade that gets random-character passwords;
	// younger students (pre-K to grade 5) get word-based ones.
	youngGeneratedBelowGrade = 6
	// strongPasswordLength is the length of random-character passwords: about 81 bits with
	// a 57-character alphabet.
	strongPasswordLength = 14
	// maxGenerateTries bounds the retries when a candidate fails CheckPassword. A retry
	// happens for a small share of random-character candidates (missing a class) and almost
	// never for word-based ones, so the bound is never reached with a working source.
	maxGenerateTries = 100
)

// Alphabets without look-alikes.
const (
	strongLower  = "abcdefghijkmnopqrstuvwxyz"
	strongUpper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	strongDigits = "23456789"
	strongChars  = strongLower + strongUpper + strongDigits
)

// GeneratePassword returns a new random password suited to grade, drawing randomness from r
// (crypto/rand.Reader in production).
//
// Students below grade 6, pre-K and kindergarten included, get a password that is easy to
// type: two capitalised short kid-friendly words and two digits, such as "SunnyTiger47"
// (about 23 bits; attempt limits guard sign-in). Other students, ungraded ones included, get
// 14 characters from letters and digits (about 81 bits). Neither shape contains a character
// of [LookAlikes] or a symbol, so a password reads unambiguously on a login card and is safe
// in a CSV cell. Every result passes [CheckPassword] with no username or names and is not
// common. An invalid grade returns an error wrapping [ErrInvalidGrade].
func GeneratePassword(grade int, r io.Reader) (string, error) {
	if !ValidGrade(grade) {
		return "", fmt.Errorf("%w: %d", ErrInvalidGrade, grade)
	}
	generate := strongPassword
	if grade != GradeUngraded && grade < youngGeneratedBelowGrade {
		generate = wordPassword
	}
	for range maxGenerateTries {
		pw, err := generate(r)
		if err != nil {
			return "", fmt.Errorf("policy: generate password: %w", err)
		}
		if CheckPassword(PasswordCandidate{Password: pw}) == nil {
			return pw, nil
		}
	}
	return "", fmt.Errorf("policy: generate password: no acceptable password in %d tries", maxGenerateTries)
}

// maxPersonalTries bounds the draws of GeneratePasswordFor; a draw almost never contains
// the account's username or names.
const maxPersonalTries = 20

// GeneratePasswordFor returns a password shaped for grade, as [GeneratePassword] does, that
// also passes the rules of one student's account: it contains neither the username nor the
// names. A school reset and a guardian's reset both draw a child's password here.
func GeneratePasswordFor(username string, names []string, grade int, r io.Reader) (string, error) {
	for range maxPersonalTries {
		pw, err := GeneratePassword(grade, r)
		if err != nil {
			return "", err
		}
		if CheckPassword(PasswordCandidate{Password: pw, Username: username, Names: names}) == nil {
			return pw, nil
		}
	}
	return "", fmt.Errorf("policy: generate password: none of %d draws avoided the username and names", maxPersonalTries)
}

// GenerateDefaultPassword returns a new district default password for one student, drawn
// from r: random and easy to read aloud, so a teacher can tell it to a student. Students
// below grade 6 get two capitalised kid-friendly words and two digits ("SunnyTiger47"),
// older and ungraded students three words and three digits ("BraveCometPiano384", about 37
// bits; attempt limits guard sign-in). No shape contains a character of [LookAlikes] or a
// symbol, and the result passes [CheckPassword] with the student's username and names. An
// invalid grade returns an error wrapping [ErrInvalidGrade].
func GenerateDefaultPassword(username string, names []string, grade int, r io.Reader) (string, error) {
	if !ValidGrade(grade) {
		return "", fmt.Errorf("%w: %d", ErrInvalidGrade, grade)
	}
	words, digits := 2, 2
	if grade == GradeUngraded || grade >= youngGeneratedBelowGrade {
		words, digits = 3, 3
	}
	for range maxGenerateTries {
		pw, err := wordsAndDigits(r, words, digits)
		if err != nil {
			return "", fmt.Errorf("policy: generate default password: %w", err)
		}
		if CheckPassword(PasswordCandidate{Password: pw, Username: username, Names: names}) == nil {
			return pw, nil
		}
	}
	return "", fmt.Errorf("policy: generate default password: no acceptable password in %d tries", maxGenerateTries)
}

// wordPassword returns two capitalised words and two digits.
func wordPassword(r io.Reader) (string, error) { return wordsAndDigits(r, 2, 2) }

// wordsAndDigits returns words capitalised kid words followed by digits digits.
func wordsAndDigits(r io.Reader, words, digits int) (string, error) {
	var b strings.Builder
	for range words {
		i, err := uniform(r, len(kidWords))
		if err != nil {
			return "", err
		}
		w := kidWords[i]
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	for range digits {
		i, err := uniform(r, len(strongDigits))
		if err != nil {
			return "", err
		}
		b.WriteByte(strongDigits[i])
	}
	return b.String(), nil
}

// strongPassword returns strongPasswordLength characters of strongChars. Candidates
// missing a class are rejected by the caller's CheckPassword and drawn again, which keeps
// the result uniform over the acceptable passwords.
func strongPassword(r io.Reader) (string, error) {
	b := make([]byte, strongPasswordLength)
	for i := range b {
		j, err := uniform(r, len(strongChars))
		if err != nil {
			return "", err
		}
		b[i] = strongChars[j]
	}
	return string(b), nil
}

// uniform returns a uniformly distributed integer in [0, n) read from r, rejecting the
// values that would bias the modulo. n must be between 1 and 1<<32.
func uniform(r io.Reader, n int) (int, error) {
	bound := uint64(n)
	limit := (1 << 32) - (1<<32)%bound
	var buf [4]byte
	for {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return 0, err
		}
		v := uint64(binary.BigEndian.Uint32(buf[:]))
		if v < limit {
			return int(v % bound), nil
		}
	}
}

// kidWords are short words a young child knows and can spell. None contains "l" or starts
// with "i" or "o" (capitalised they would be look-alikes), none is unkind, and each has 3 to
// 7 lower-case ASCII letters.
var kidWords = []string{
	"ant", "bat", "bear", "bee", "beaver", "bison", "badger", "bunny", "cat", "chick", "cow",
	"crab", "crow", "deer", "dog", "donkey", "dove", "duck", "emu", "ferret", "finch", "fish",
	"frog", "fox", "gecko", "goat", "goose", "guppy", "hare", "hawk", "hen", "hippo",
	"hornet", "horse", "hyena", "kitten", "koi", "manatee", "monkey", "moose", "moth",
	"mouse", "newt", "panda", "parrot", "penguin", "perch", "pig", "pony", "prawn", "puma",
	"puppy", "rabbit", "raven", "rhino", "robin", "shark", "sheep", "shrimp", "spider",
	"squid", "swan", "tapir", "tiger", "toad", "trout", "tuna", "turkey", "viper", "wasp",
	"wren", "yak", "zebra", "cobra", "gator", "hamster", "jaguar", "macaw", "baboon",
	"coyote", "cricket", "sun", "sunny", "moon", "star", "sky", "rain", "snow", "tree",
	"river", "sea", "wave", "rock", "stone", "sand", "cave", "pond", "reef", "storm", "wind",
	"frost", "berry", "rose", "daisy", "fern", "moss", "pine", "cedar", "acorn", "seed",
	"root", "grass", "meadow", "forest", "desert", "canyon", "comet", "rocket", "earth",
	"sunset", "rainbow", "thunder", "breeze", "spring", "summer", "autumn", "winter", "dawn",
	"dusk", "mist", "pear", "peach", "mango", "grape", "cherry", "kiwi", "bean", "corn",
	"rice", "bread", "cake", "pie", "taco", "pizza", "pasta", "soup", "jam", "honey", "cocoa",
	"donut", "muffin", "cookie", "candy", "sugar", "cream", "cheese", "butter", "peanut",
	"carrot", "tomato", "potato", "pepper", "radish", "beet", "squash", "nacho", "sushi",
	"ramen", "curry", "toast", "nutmeg", "ginger", "cashew", "cupcake", "red", "green",
	"pink", "navy", "ruby", "amber", "mint", "aqua", "cyan", "bronze", "rusty", "happy",
	"brave", "quick", "swift", "fast", "jumpy", "funny", "fuzzy", "cozy", "shiny", "sparky",
	"super", "tiny", "mighty", "merry", "zippy", "bouncy", "bright", "kind", "nice", "neat",
	"proud", "smart", "warm", "wise", "zesty", "snappy", "peppy", "hardy", "sturdy", "spicy",
	"sweet", "fresh", "crispy", "frosty", "misty", "rosy", "dusty", "sandy", "starry",
	"cheery", "dandy", "nifty", "handy", "comfy", "giant", "magic", "mega", "ninja", "brisk",
	"keen", "true", "fair", "good", "great", "grand", "epic", "fancy", "dizzy", "busy",
	"eager", "boat", "ship", "kite", "drum", "harp", "horn", "book", "chair", "train",
	"truck", "car", "bike", "wagon", "robot", "crayon", "paint", "brush", "marker", "piano",
	"guitar", "tuba", "banjo", "trumpet", "badge", "button", "coin", "crown", "gem", "key",
	"door", "gate", "tent", "hat", "cap", "boot", "sock", "mitten", "scarf", "cape", "mask",
	"arrow", "tower", "bridge", "window", "garden", "house", "barn", "farm", "park", "ranch",
	"zoo", "dragon", "unicorn", "wizard", "knight", "pirate", "hero", "fairy", "mermaid",
	"anchor", "basket", "bucket", "camera", "canoe", "cart", "chest", "compass", "drawer",
	"engine", "feather", "hammer", "magnet", "pocket", "ribbon", "scooter", "skates",
	"teapot", "tractor", "trophy", "wheat", "yarn", "yoyo", "zipper", "jacket", "sweater",
	"hoodie", "gravy", "rover", "racer", "runner", "jumper", "dancer", "singer", "painter",
	"baker", "farmer", "surfer", "skater", "hiker",
}

package policy

import (
	"fmt"
	"slices"
)

// Picture passwords (issue 12): a young student taps PictureCount different pictures of the
// 16, in order; the count of wrong tries locks them.

// PictureIDs are the 16 pictures of a picture password, as the contract names them. The set
// is fixed: a printed card must stay right.
var PictureIDs = []string{"apple", "ball", "bird", "boat", "cake", "car", "cat", "dog",
	"fish", "flower", "house", "moon", "rocket", "star", "tree", "umbrella"}

// PictureCount is how many pictures, all different and in order, make a picture password:
// 16 × 15 × 14 = 3,360 of them.
const PictureCount = 3

// MaxPictureTries is how many wrong tries in a row lock a student's pictures.
const MaxPictureTries = 5

// Rules of a staff-chosen picture password, as RuleViolation codes.
const (
	RulePictureCount    Rule = "picture_count"
	RulePictureUnknown  Rule = "picture_unknown"
	RulePictureRepeated Rule = "picture_repeated"
)

// CheckPictures reports the rules a picture choice breaks: PictureCount pictures, each one
// of the 16, none twice.
func CheckPictures(pictures []string) []Violation {
	var out []Violation
	if len(pictures) != PictureCount {
		out = append(out, Violation{Rule: RulePictureCount, Field: "pictures",
			Message: fmt.Sprintf("Choose exactly %d pictures.", PictureCount)})
	}
	for i, p := range pictures {
		field := fmt.Sprintf("pictures[%d]", i)
		switch {
		case !slices.Contains(PictureIDs, p):
			out = append(out, Violation{Rule: RulePictureUnknown, Field: field, Message: "Choose one of the 16 pictures."})
		case slices.Contains(pictures[:i], p):
			out = append(out, Violation{Rule: RulePictureRepeated, Field: field, Message: "Choose a different picture each time."})
		}
	}
	return out
}

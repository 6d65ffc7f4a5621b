package policy

import (
	"slices"
	"testing"
)

// TestCheckPictures: 3 different pictures of the 16 pass; each broken rule is named once,
// on its field.
func TestCheckPictures(t *testing.T) {
	tests := []struct {
		pictures []string
		want     []Violation
	}{
		{[]string{"cat", "moon", "star"}, nil},
		{[]string{"umbrella", "apple", "rocket"}, nil},
		{nil, []Violation{{Rule: RulePictureCount, Field: "pictures"}}},
		{[]string{"cat", "moon"}, []Violation{{Rule: RulePictureCount, Field: "pictures"}}},
		{[]string{"cat", "moon", "star", "tree"}, []Violation{{Rule: RulePictureCount, Field: "pictures"}}},
		{[]string{"cat", "cat", "star"}, []Violation{{Rule: RulePictureRepeated, Field: "pictures[1]"}}},
		{[]string{"cat", "star", "cat"}, []Violation{{Rule: RulePictureRepeated, Field: "pictures[2]"}}},
		{[]string{"cat", "Moon", "star"}, []Violation{{Rule: RulePictureUnknown, Field: "pictures[1]"}}},
		{[]string{"", "moon", "moon", "x"}, []Violation{{Rule: RulePictureCount, Field: "pictures"},
			{Rule: RulePictureUnknown, Field: "pictures[0]"}, {Rule: RulePictureRepeated, Field: "pictures[2]"},
			{Rule: RulePictureUnknown, Field: "pictures[3]"}}},
	}
	for _, tt := range tests {
		got := CheckPictures(tt.pictures)
		for i := range got {
			if got[i].Message == "" {
				t.Errorf("%v: violation %v has no message", tt.pictures, got[i])
			}
			got[i].Message = ""
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("CheckPictures(%v) = %v, want %v", tt.pictures, got, tt.want)
		}
	}
}

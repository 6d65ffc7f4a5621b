package policy

import (
	"crypto/rand"
	"testing"
)

func BenchmarkCheckPassword(b *testing.B) {
	c := PasswordCandidate{Password: "Purple7Giraffe", Username: "johns1234", Names: []string{"John", "Smith"}}
	for b.Loop() {
		CheckPassword(c)
	}
}

func BenchmarkIsCommonPassword(b *testing.B) {
	for b.Loop() {
		IsCommonPassword("Sunshine1")
	}
}

func BenchmarkCheckQuestions(b *testing.B) {
	answers := []AnswerInput{
		{QuestionID: "first-pet", Answer: "Mr. Whiskers"},
		{QuestionID: "birth-city", Answer: "New York"},
		{QuestionID: "oldest-cousin", Answer: "tacos"},
	}
	ctx := QuestionContext{Username: "johns1234", Names: []string{"John", "Smith"}, Password: "Purple7Giraffe"}
	for b.Loop() {
		CheckQuestions(answers, ctx)
	}
}

func BenchmarkGeneratePasswordYoung(b *testing.B) {
	for b.Loop() {
		if _, err := GeneratePassword(2, rand.Reader); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGeneratePasswordStrong(b *testing.B) {
	for b.Loop() {
		if _, err := GeneratePassword(9, rand.Reader); err != nil {
			b.Fatal(err)
		}
	}
}

package testapi

import "testing"

// A test that searches for a generated "last, first" must find one student, however many
// students the run has made before.
func TestGeneratedNamesStayDistinct(t *testing.T) {
	seen := map[string]int64{}
	pairs := int64(len(firstNames) * len(lastNames))
	for n := int64(1); n <= pairs*40; n++ {
		first, last := generatedName(n)
		name := first + " " + last
		if earlier, ok := seen[name]; ok {
			t.Fatalf("student %d is named %q like student %d", n, name, earlier)
		}
		seen[name] = n
	}
}

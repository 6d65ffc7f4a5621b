package regen

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	sel, vs := Parse(Request{PSUCode: " 901 ", CampusCodes: " 90t001, ,90T002,", Grades: "3, 4,-9, 13,-5"})
	if len(vs) != 0 {
		t.Fatalf("violations: %+v", vs)
	}
	want := Selection{PSUCode: "901", CampusCodes: []string{"90T001", "90T002"}, Grades: []int{3, 4, -9, 13, -5},
		typed: map[string]string{"90T001": "90t001", "90T002": "90T002"}}
	if !reflect.DeepEqual(sel, want) {
		t.Errorf("got %+v, want %+v", sel, want)
	}
	sel, vs = Parse(Request{PSUCode: "901"})
	if len(vs) != 0 || sel.CampusCodes != nil || sel.Grades != nil {
		t.Errorf("empty lists: %+v %+v", sel, vs)
	}
	_, vs = Parse(Request{PSUCode: "9o1", CampusCodes: "ABC12,90T001,90t001,90T001", Grades: "14,-6,x,,3,3,3,-10",
		ForceChange: true})
	var got []string
	for _, v := range vs {
		got = append(got, string(v.Rule)+":"+v.Field+":"+v.Value)
	}
	wantRules := []string{"psu_format:psuCode:9o1", "campus_format:campusCodes:ABC12", "campus_repeated:campusCodes:90t001",
		"grade_unknown:grades:14", "grade_unknown:grades:-6", "grade_unknown:grades:x", "grade_repeated:grades:3",
		"grade_unknown:grades:-10", "force_without_reset:forceChange:"}
	if !reflect.DeepEqual(got, wantRules) {
		t.Errorf("got %q, want %q", got, wantRules)
	}
	if _, vs := Parse(Request{PSUCode: "901", ForceChange: true, AlsoReset: true}); len(vs) != 0 {
		t.Errorf("force with reset: %+v", vs)
	}
}

package roster

// DistrictOrg returns the set's org of type district and its row in orgs.csv (as a
// spreadsheet numbers it), and false when the set has none.
func (s *Set) DistrictOrg() (Org, int, bool) {
	if s.District < 0 || s.District >= len(s.Orgs) {
		return Org{}, 0, false
	}
	o := s.Orgs[s.District]
	return o, o.row, true
}

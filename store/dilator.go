package store

import (
	"fmt"
	"strings"
)

// EffectiveSessions is the chart's view of a patient's notes: each signed
// or draft note in treatment order, with an amended note replaced by its
// latest amendment (the original stays readable through the session view).
func EffectiveSessions(sessions []Session) []Session {
	latest := map[string]Session{}
	for _, s := range sessions {
		if s.AmendsID == "" {
			continue
		}
		root := s.AmendsID
		if prev, ok := latest[root]; !ok || prev.SignedAt.Before(s.SignedAt) {
			latest[root] = s
		}
	}
	var out []Session
	for _, s := range sessions {
		if s.AmendsID != "" {
			continue
		}
		if a, ok := latest[s.ID]; ok {
			a.TreatedAt = s.TreatedAt
			out = append(out, a)
			continue
		}
		out = append(out, s)
	}
	return out
}

// DilatorStage is where a patient is on the clinic's dilator set.
type DilatorStage struct {
	Current    int    // index into the clinic's set of the size last used; -1 if none yet
	Streak     int    // consecutive latest sessions at Current with pain within the rule
	Suggestion string // "" unless the progression rule is met
}

// DilatorProgress applies the clinic's progression rule to a patient's
// sessions (in treatment order). It only ever suggests: moving up is the
// physiotherapist's decision.
func DilatorProgress(sessions []Session, cs ClinicSettings) DilatorStage {
	st := DilatorStage{Current: -1}
	rule := cs.DilatorProgression
	for _, s := range EffectiveSessions(sessions) {
		if s.Dilator == nil {
			continue
		}
		i := dilatorIndex(cs, s.Dilator.SizeLabel)
		if i < 0 {
			continue
		}
		if i != st.Current {
			st.Current, st.Streak = i, 0
		}
		if s.Dilator.Pain <= rule.MaxPain {
			st.Streak++
		} else {
			st.Streak = 0
		}
	}
	if st.Current >= 0 && rule.Sessions > 0 && st.Streak >= rule.Sessions && st.Current+1 < len(cs.Dilators) {
		st.Suggestion = fmt.Sprintf("Consider moving up to %s: the last %d sessions with %s were at pain %d/10 or less.",
			cs.Dilators[st.Current+1].Label, st.Streak, cs.Dilators[st.Current].Label, rule.MaxPain)
	}
	return st
}

func dilatorIndex(cs ClinicSettings, label string) int {
	for i, d := range cs.Dilators {
		if strings.EqualFold(strings.TrimSpace(d.Label), strings.TrimSpace(label)) {
			return i
		}
	}
	return -1
}

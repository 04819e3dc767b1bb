package store

import (
	"strings"
	"testing"
	"time"
)

func dilatorSession(day int, size string, pain int) Session {
	return Session{ID: string(rune('a' + day)), TreatedAt: fixedNow.AddDate(0, 0, day-40), Dilator: &DilatorUse{SizeLabel: size, Pain: pain}}
}

func TestDilatorProgressSuggestsOnlyWhenTheRuleIsMet(t *testing.T) {
	cs := DefaultClinicSettings()
	d := cs.Dilators
	cases := []struct {
		name    string
		seq     []Session
		current int
		streak  int
		suggest bool
	}{
		{"none yet", nil, -1, 0, false},
		{"two easy sessions", []Session{dilatorSession(1, d[1].Label, 2), dilatorSession(2, d[1].Label, 3)}, 1, 2, false},
		{"three easy sessions", []Session{dilatorSession(1, d[1].Label, 2), dilatorSession(2, d[1].Label, 3), dilatorSession(3, d[1].Label, 1)}, 1, 3, true},
		{"a painful session breaks the streak", []Session{dilatorSession(1, d[1].Label, 2), dilatorSession(2, d[1].Label, 5), dilatorSession(3, d[1].Label, 1), dilatorSession(4, d[1].Label, 2)}, 1, 2, false},
		{"moving up restarts the count", []Session{dilatorSession(1, d[0].Label, 1), dilatorSession(2, d[0].Label, 1), dilatorSession(3, d[0].Label, 1), dilatorSession(4, d[1].Label, 2)}, 1, 1, false},
		{"largest size: nothing to suggest", []Session{dilatorSession(1, d[len(d)-1].Label, 0), dilatorSession(2, d[len(d)-1].Label, 0), dilatorSession(3, d[len(d)-1].Label, 0)}, len(d) - 1, 3, false},
		{"sessions without a dilator do not count", []Session{dilatorSession(1, d[2].Label, 3), {TreatedAt: fixedNow}, dilatorSession(3, d[2].Label, 2)}, 2, 2, false},
	}
	for _, c := range cases {
		st := DilatorProgress(c.seq, cs)
		if st.Current != c.current || st.Streak != c.streak || (st.Suggestion != "") != c.suggest {
			t.Errorf("%s: %+v", c.name, st)
		}
		if c.suggest && !strings.Contains(st.Suggestion, d[c.current+1].Label) {
			t.Errorf("%s: suggestion %q does not name the next size", c.name, st.Suggestion)
		}
	}
	// The clinic's own rule: 2 sessions at pain ≤ 2.
	cs.DilatorProgression = DilatorProgression{Sessions: 2, MaxPain: 2}
	if st := DilatorProgress([]Session{dilatorSession(1, d[0].Label, 2), dilatorSession(2, d[0].Label, 2)}, cs); st.Suggestion == "" {
		t.Error("the clinic's own rule was not applied")
	}
}

func TestEffectiveSessionsUseTheLatestAmendment(t *testing.T) {
	orig := Session{ID: "o", TreatedAt: fixedNow.Add(-time.Hour), Status: StatusSigned, SignedAt: fixedNow.Add(-50 * time.Minute), Plan: "first"}
	a1 := Session{ID: "a1", AmendsID: "o", Status: StatusSigned, SignedAt: fixedNow.Add(-40 * time.Minute), Plan: "second"}
	a2 := Session{ID: "a2", AmendsID: "o", Status: StatusSigned, SignedAt: fixedNow.Add(-30 * time.Minute), Plan: "third"}
	other := Session{ID: "x", TreatedAt: fixedNow, Plan: "other"}
	got := EffectiveSessions([]Session{orig, a2, a1, other})
	if len(got) != 2 || got[0].Plan != "third" || !got[0].TreatedAt.Equal(orig.TreatedAt) || got[1].ID != "x" {
		t.Fatalf("%+v", got)
	}
}

package store

import "slices"

// ProgrammeChange is one difference between two versions of a home
// programme, for "what changed since last time".
type ProgrammeChange struct {
	Kind       ChangeKind
	ExerciseID string // the item added, removed or changed; "" for the programme as a whole
	Title      string // the item's title in the newer version (the older one's when removed)
	FromDose   Dose   // ChangeDose
	ToDose     Dose   // ChangeDose; also the dose of an added item
	From, To   string // ChangeNote: the notes; ChangeLanguage: the language codes; ChangeFlareUp: the plans
}

// ChangeKind is what kind of change a ProgrammeChange is.
type ChangeKind string

const (
	ChangeAdded     ChangeKind = "added"
	ChangeRemoved   ChangeKind = "removed"
	ChangeDose      ChangeKind = "dose"
	ChangeNote      ChangeKind = "note"
	ChangeOrder     ChangeKind = "order"
	ChangeFlareUp   ChangeKind = "flare-up plan"
	ChangeLanguage  ChangeKind = "language"
	ChangeFirstName ChangeKind = "first name"
)

// CompareProgrammes lists what changed from prev to next: the language and
// name on the sheet, exercises removed (in prev's order), then for next's
// items in order those added or with a new dose or note, whether the
// exercises kept were put in another order, and the flare-up plan. Items are
// matched by exercise: the n-th time an exercise appears in one version
// with its n-th time in the other. Comparing a version with nothing before
// it (prev with no items) lists every item as added.
func CompareProgrammes(prev, next Programme) []ProgrammeChange {
	var out []ProgrammeChange
	if len(prev.Items) > 0 && prev.Language != next.Language {
		out = append(out, ProgrammeChange{Kind: ChangeLanguage, From: prev.Language, To: next.Language})
	}
	if len(prev.Items) > 0 && prev.FirstName != next.FirstName {
		out = append(out, ProgrammeChange{Kind: ChangeFirstName, From: prev.FirstName, To: next.FirstName})
	}
	pKeys, nKeys := itemKeys(prev.Items), itemKeys(next.Items)
	for i, k := range pKeys {
		if !slices.Contains(nKeys, k) {
			it := prev.Items[i]
			out = append(out, ProgrammeChange{Kind: ChangeRemoved, ExerciseID: it.ExerciseID, Title: it.Title, FromDose: it.Dose})
		}
	}
	var kept []itemKey // in next's order
	for i, k := range nKeys {
		it := next.Items[i]
		j := slices.Index(pKeys, k)
		if j < 0 {
			out = append(out, ProgrammeChange{Kind: ChangeAdded, ExerciseID: it.ExerciseID, Title: it.Title, ToDose: it.Dose})
			continue
		}
		kept = append(kept, k)
		old := prev.Items[j]
		if old.Dose != it.Dose {
			out = append(out, ProgrammeChange{Kind: ChangeDose, ExerciseID: it.ExerciseID, Title: it.Title, FromDose: old.Dose, ToDose: it.Dose})
		}
		if old.Note != it.Note {
			out = append(out, ProgrammeChange{Kind: ChangeNote, ExerciseID: it.ExerciseID, Title: it.Title, From: old.Note, To: it.Note})
		}
	}
	var keptBefore []itemKey // in prev's order
	for _, k := range pKeys {
		if slices.Contains(kept, k) {
			keptBefore = append(keptBefore, k)
		}
	}
	if !slices.Equal(kept, keptBefore) {
		out = append(out, ProgrammeChange{Kind: ChangeOrder})
	}
	if len(prev.Items) > 0 && prev.FlareUpPlan != next.FlareUpPlan {
		out = append(out, ProgrammeChange{Kind: ChangeFlareUp, From: prev.FlareUpPlan, To: next.FlareUpPlan})
	}
	return out
}

type itemKey struct {
	id string
	n  int // 0 for the first time the exercise appears, 1 for the second…
}

func itemKeys(items []ProgrammeItem) []itemKey {
	seen := map[string]int{}
	out := make([]itemKey, len(items))
	for i, it := range items {
		out[i] = itemKey{it.ExerciseID, seen[it.ExerciseID]}
		seen[it.ExerciseID]++
	}
	return out
}

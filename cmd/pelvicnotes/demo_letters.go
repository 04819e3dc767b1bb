package main

import (
	"bytes"
	"sync"
	"time"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// demoReferrerList is the demo's referrer directory: invented names at
// reserved example addresses.
var demoReferrerList = []store.Referrer{
	{Name: "Dr Ngozi Adeyemi", Role: "Consultant gynaecologist", Practice: "St Anne’s Hospital (demonstration)",
		Address: "Women’s Health Unit\n14 Lime Street\nBristol BS2 8HW", Email: "gynae.clinic@example.org", Phone: "0117 496 0100"},
	{Name: "Dr Sam Ellis", Role: "GP", Practice: "Harbour Surgery (demonstration)",
		Address: "1 Quay Street\nBristol BS1 1AA", Email: "harbour.surgery@example.org", Phone: "0117 496 0200"},
	{Name: "Dr Priya Raman", Role: "GP", Practice: "Cotham Medical Centre (demonstration)",
		Address: "40 Cotham Hill\nBristol BS6 6LA", Phone: "0117 496 0300"},
	{Name: "Dr Eleni Papadaki", Role: "Clinical psychologist", Practice: "Pelvic Pain Psychology Service (demonstration)",
		Address: "Floor 2, 9 Park Row\nBristol BS1 5LJ", Email: "psychology@example.org"},
	{Name: "Mr Tomasz Nowak", Role: "Consultant urologist", Practice: "Bristol Urology Clinic (demonstration)",
		Address: "22 Whiteladies Road\nBristol BS8 2LG"},
	{Name: "Dr Olga Smirnova", Role: "Menopause specialist", Practice: "Menopause Clinic (demonstration)",
		Address: "5 College Green\nBristol BS1 5TB", Email: "menopause@example.org"},
}

// demoLetterPatients is how many demo patients get issued letters: enough
// for the Letters tab to show them, few enough to keep demo quick.
const demoLetterPatients = 8

// addDemoReferrers puts the demo referrers in the directory and gives every
// demo patient a referrer and, for some, copies of letters to their GP.
func addDemoReferrers(db *store.DB, hs []store.History) ([]store.Referrer, error) {
	var refs []store.Referrer
	for _, r := range demoReferrerList {
		saved, err := db.SaveReferrer(r)
		if err != nil {
			return nil, err
		}
		refs = append(refs, saved)
	}
	for i := range hs {
		p := &hs[i].Patient
		// Most referrals come from the gynaecologist or a GP.
		to := refs[[]int{0, 1, 0, 2, 3, 0, 4, 1, 5, 2}[i%10]]
		p.Referral.ReferrerID = to.ID
		if to.Role != "GP" && i%3 != 2 {
			p.CopiesTo = []string{refs[1+i%2].ID}
		}
	}
	return refs, nil
}

// addDemoLetters issues, for the first demo patients with a course of
// treatment, an initial letter the day after the assessment and a progress
// letter the day after their sixth session (or the latest), each composed
// from the record as it stood on that day.
func addDemoLetters(hs []store.History, refs []store.Referrer, cs store.ClinicSettings, signer store.Practitioner) error {
	byID := map[string]store.Referrer{}
	for _, r := range refs {
		byID[r.ID] = r
	}
	type job struct {
		h    *store.History
		kind string
		at   time.Time
	}
	var jobs []job
	for i := range hs {
		if len(jobs) >= 2*demoLetterPatients {
			break
		}
		h := &hs[i]
		var signed []store.Session
		for _, s := range store.EffectiveSessions(h.Sessions) {
			if s.Status == store.StatusSigned {
				signed = append(signed, s)
			}
		}
		if len(signed) < 3 {
			continue
		}
		later := signed[min(5, len(signed)-1)]
		jobs = append(jobs, job{h, store.LetterInitial, signed[0].TreatedAt.Add(24 * time.Hour)},
			job{h, store.LetterProgress, later.TreatedAt.Add(24 * time.Hour)})
	}
	letters := make([]store.Letter, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			p := j.h.Patient
			rec := reports.LetterRecords{Kind: j.kind, Date: j.at, Settings: cs, Signer: signer, Patient: p, To: byID[p.Referral.ReferrerID]}
			for _, id := range p.CopiesTo {
				rec.CC = append(rec.CC, byID[id])
			}
			for _, s := range j.h.Sessions {
				if s.TreatedAt.Before(j.at) {
					rec.Sessions = append(rec.Sessions, s)
				}
			}
			for _, m := range j.h.Measures {
				if m.Taken.Time().Before(j.at) {
					rec.Measures = append(rec.Measures, m)
				}
			}
			for _, g := range j.h.Programmes {
				rec.HasProgramme = rec.HasProgramme || g.Issued.Before(j.at)
			}
			l := reports.ComposeLetter(rec)
			var buf bytes.Buffer
			if err := reports.LetterPDF(&buf, l); err != nil {
				errs[i] = err
				return
			}
			var cc []string
			for _, r := range rec.CC {
				cc = append(cc, r.Name)
			}
			letters[i] = store.Letter{Kind: j.kind, Issued: j.at.UTC(), IssuedBy: signer.ID, To: rec.To.Name, CC: cc,
				PDF: buf.Bytes(), SHA256: store.LetterHash(buf.Bytes())}
		}()
	}
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return errs[i]
		}
		j.h.Letters = append(j.h.Letters, letters[i])
	}
	return nil
}

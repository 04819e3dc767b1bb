package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Synthetic people for demonstrations and tests. Every identifier is chosen
// so that it can never belong to a real person: NHS numbers from the 999
// range set aside for testing, phone numbers from Ofcom's range for drama
// (07700 900xxx), email at example.com.

var demoFemaleGiven = []string{
	"Amelia", "Olivia", "Isla", "Sophie", "Charlotte", "Grace", "Hannah", "Emily", "Chloe", "Megan",
	"Priya", "Aisha", "Fatima", "Zainab", "Siobhán", "Aoife", "Niamh", "Caoimhe", "Ffion", "Seren",
	"Łucja", "Małgorzata", "Zofia", "Agnieszka", "Katarzyna", "Thị Minh", "Thu Hà", "Ngọc Anh",
	"Σοφία", "Ελένη", "Μαρία", "Ольга", "Наталья", "Анастасия", "Олена", "Åsa", "Ingrid", "Sigrid",
	"María José", "Lucía", "Inés", "Begoña", "Ayşe", "Zeynep", "Chiara", "Giulia", "Renée", "Anaïs",
	"Mei", "Yuki", "Adaeze", "Chiamaka", "Leilani", "Rhiannon", "Beatriz", "João Maria",
}

var demoMaleGiven = []string{
	"James", "Oliver", "Thomas", "Rhys", "Declan", "Mateusz", "Paweł", "Văn Hùng", "Νίκος",
	"Дмитрий", "Jürgen", "Søren", "João", "Andrés", "Emre", "Kwame",
}

var demoFamily = []string{
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Evans", "Patel", "Khan", "Begum", "Hussain",
	"O'Brien", "Ní Bhriain", "Ó Súilleabháin", "MacLeod", "Llewellyn", "Żółć", "Wiśniewska",
	"Kowalczyk", "Dąbrowska", "Nowak", "Nguyễn", "Trần", "Lê", "Phạm", "Παπαδοπούλου", "Γεωργίου",
	"Иванова", "Смирнова", "Шевченко", "Bjørnstad", "Lindqvist", "García Pérez", "Muñoz", "Yılmaz",
	"Öztürk", "Rossi", "Ferreira", "Okafor", "Mensah", "Chen", "Tanaka", "Kealoha", "Lefèvre",
	"Müller", "Fitzgerald-Hughes", "de la Cruz",
}

var demoStreets = []string{
	"Rosebank Road", "Mill Lane", "Station Road", "Orchard Close", "Church Street", "Victoria Terrace",
	"Kingfisher Way", "Heather Drive", "Albert Street", "Queen's Crescent", "Linden Grove", "Harbour View",
}

var demoTowns = []string{
	"Bristol BS7 8QQ", "Leeds LS6 2AA", "Cardiff CF10 1AA", "Norwich NR2 4TT", "York YO31 7ZZ",
	"Brighton BN1 6XX", "Exeter EX4 4QQ", "Sheffield S10 2BB", "Manchester M20 3YY", "Bath BA1 5RR",
}

// demoNHSNumber returns a ten-digit number in the 999 test range with a
// correct modulus-11 check digit, formatted 999 123 4567.
func demoNHSNumber(r *rand.Rand) string {
	for {
		d := []int{9, 9, 9}
		for len(d) < 9 {
			d = append(d, r.IntN(10))
		}
		sum := 0
		for i, v := range d {
			sum += v * (10 - i)
		}
		check := 11 - sum%11
		if check == 11 {
			check = 0
		}
		if check == 10 {
			continue // no valid number with these digits
		}
		d = append(d, check)
		var b strings.Builder
		for i, v := range d {
			if i == 3 || i == 6 {
				b.WriteByte(' ')
			}
			b.WriteByte(byte('0' + v))
		}
		return b.String()
	}
}

// DemoPatients makes n synthetic patients, the same ones for the same seed
// and date. Most are women aged 20–60, as in a pelvic-pain clinic; a few are men.
func DemoPatients(n int, seed uint64, today Date) []Patient {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Patient, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		p := Patient{Sex: SexFemale}
		given := demoFemaleGiven
		if r.IntN(100) < 8 {
			p.Sex, given = SexMale, demoMaleGiven
		}
		first := given[r.IntN(len(given))]
		last := demoFamily[r.IntN(len(demoFamily))]
		p.Name = first + " " + last
		if seen[p.Name] && len(seen) < len(given)*len(demoFamily)/2 {
			continue
		}
		seen[p.Name] = true

		// Ages cluster from the twenties to the forties, with a tail to 75.
		age := 19 + r.IntN(22) + r.IntN(20)
		if r.IntN(10) == 0 {
			age += 15
		}
		born := time.Date(today.Year-age, today.Month, today.Day, 12, 0, 0, 0, time.UTC).AddDate(0, 0, -1-r.IntN(364))
		p.DateOfBirth = DateOf(born)

		for p.Identifier == "" || seen[p.Identifier] {
			p.Identifier = demoNHSNumber(r)
		}
		seen[p.Identifier] = true
		p.Phone = fmt.Sprintf("07700 900%03d", r.IntN(1000))
		if r.IntN(10) < 8 {
			local := strings.ToLower(strings.ReplaceAll(Fold(strings.Fields(first)[0]), "'", ""))
			p.Email = fmt.Sprintf("%s.%d@example.com", asciiOnly(local, "patient"), 100+r.IntN(900))
		}
		p.Address = fmt.Sprintf("%d %s\n%s", 1+r.IntN(120), demoStreets[r.IntN(len(demoStreets))], demoTowns[r.IntN(len(demoTowns))])
		out = append(out, p)
	}
	return out
}

func asciiOnly(s, fallback string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}

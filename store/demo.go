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

// demoCulture keeps names together as people carry them: given and family
// names from one tradition, the family name in its women's or men's form
// where the language has both, and family-name-first order where that is usual.
type demoCulture struct {
	weight       int // how often, out of the sum of weights
	women, men   []string
	family       []string
	familyMen    []string // the men's forms, index for index, where they differ
	familyFirst  bool
	emailLatin   []string // Latin spelling of the given names for email, where the script is not Latin
	emailLatinMn []string
}

var demoCultures = []demoCulture{
	{weight: 30,
		women:  []string{"Amelia", "Olivia", "Isla", "Sophie", "Charlotte", "Grace", "Hannah", "Emily", "Chloe", "Megan", "Rebecca", "Lauren"},
		men:    []string{"James", "Oliver", "Thomas", "Daniel"},
		family: []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Walker", "Fitzgerald-Hughes", "Hall", "Wright"}},
	{weight: 6,
		women:  []string{"Siobhán", "Aoife", "Niamh", "Caoimhe", "Róisín"},
		men:    []string{"Declan", "Cathal"},
		family: []string{"O'Brien", "Ó Súilleabháin", "Ní Bhriain", "MacCarthy", "Ó Néill"}},
	{weight: 5,
		women:  []string{"Ffion", "Seren", "Rhiannon", "Cerys", "Angharad"},
		men:    []string{"Rhys", "Gethin"},
		family: []string{"Llewellyn", "Evans", "Pritchard", "Jenkins", "ap Dafydd"}},
	{weight: 8,
		women:  []string{"Priya", "Ananya", "Aisha", "Fatima", "Zainab", "Nusrat"},
		men:    []string{"Arjun", "Imran"},
		family: []string{"Patel", "Khan", "Begum", "Hussain", "Sharma", "Chowdhury"}},
	{weight: 8,
		women:     []string{"Łucja", "Małgorzata", "Zofia", "Agnieszka", "Katarzyna", "Joanna"},
		men:       []string{"Mateusz", "Paweł"},
		family:    []string{"Żółć", "Wiśniewska", "Kowalczyk", "Dąbrowska", "Nowak", "Wójcik"},
		familyMen: []string{"Żółć", "Wiśniewski", "Kowalczyk", "Dąbrowski", "Nowak", "Wójcik"}},
	{weight: 6, familyFirst: true,
		women:  []string{"Thị Minh", "Thu Hà", "Ngọc Anh", "Thị Lan", "Bảo Châu"},
		men:    []string{"Văn Hùng", "Minh Đức"},
		family: []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"}},
	{weight: 6,
		women:      []string{"Σοφία", "Ελένη", "Μαρία", "Κατερίνα", "Δέσποινα"},
		men:        []string{"Νίκος", "Γιώργος"},
		family:     []string{"Παπαδοπούλου", "Γεωργίου", "Οικονόμου", "Παπαδάκη", "Αλεξίου"},
		familyMen:  []string{"Παπαδόπουλος", "Γεωργίου", "Οικονόμου", "Παπαδάκης", "Αλεξίου"},
		emailLatin: []string{"sofia", "eleni", "maria", "katerina", "despoina"}, emailLatinMn: []string{"nikos", "giorgos"}},
	{weight: 7,
		women:      []string{"Ольга", "Наталья", "Анастасия", "Олена", "Ирина", "Тетяна"},
		men:        []string{"Дмитрий", "Андрій"},
		family:     []string{"Иванова", "Смирнова", "Шевченко", "Коваленко", "Петрова", "Бондаренко"},
		familyMen:  []string{"Иванов", "Смирнов", "Шевченко", "Коваленко", "Петров", "Бондаренко"},
		emailLatin: []string{"olga", "natalia", "anastasia", "olena", "irina", "tetiana"}, emailLatinMn: []string{"dmitri", "andrii"}},
	{weight: 6,
		women:  []string{"María José", "Lucía", "Inés", "Begoña", "Carmen", "Beatriz"},
		men:    []string{"Andrés", "Joaquín"},
		family: []string{"García Pérez", "Muñoz", "Fernández", "de la Cruz", "Ibáñez", "Rodríguez López"}},
	{weight: 4,
		women:  []string{"Åsa", "Ingrid", "Sigrid", "Maja", "Signe"},
		men:    []string{"Søren", "Björn"},
		family: []string{"Bjørnstad", "Lindqvist", "Sørensen", "Åkesson", "Nyström"}},
	{weight: 4,
		women:  []string{"Ayşe", "Zeynep", "Elif", "Gülşen"},
		men:    []string{"Emre", "Mehmet"},
		family: []string{"Yılmaz", "Öztürk", "Kaya", "Şahin"}},
	{weight: 5,
		women:  []string{"Chiara", "Giulia", "Renée", "Anaïs", "Léa", "Ana Luísa"},
		men:    []string{"Jürgen", "João"},
		family: []string{"Rossi", "Lefèvre", "Müller", "Ferreira", "Gonçalves", "Bianchi"}},
	{weight: 5,
		women:  []string{"Adaeze", "Chiamaka", "Ama", "Abena", "Ngozi"},
		men:    []string{"Kwame", "Chinedu"},
		family: []string{"Okafor", "Mensah", "Adeyemi", "Boateng", "Eze"}},
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
		c := pickCulture(r)
		given, family, latin := c.women, c.family, c.emailLatin
		if r.IntN(100) < 8 {
			p.Sex, given, latin = SexMale, c.men, c.emailLatinMn
			if c.familyMen != nil {
				family = c.familyMen
			}
		}
		gi, fi := r.IntN(len(given)), r.IntN(len(family))
		first, last := given[gi], family[fi]
		p.Name = first + " " + last
		if c.familyFirst {
			p.Name = last + " " + first
		}
		if seen[p.Name] && len(seen) < 400 {
			continue
		}
		seen[p.Name] = true
		emailName := Fold(strings.Fields(first)[0])
		if latin != nil {
			emailName = latin[gi]
		}

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
			p.Email = fmt.Sprintf("%s.%d@example.com", asciiOnly(emailName, "patient"), 100+r.IntN(900))
		}
		p.Address = fmt.Sprintf("%d %s\n%s", 1+r.IntN(120), demoStreets[r.IntN(len(demoStreets))], demoTowns[r.IntN(len(demoTowns))])
		out = append(out, p)
	}
	return out
}

func pickCulture(r *rand.Rand) demoCulture {
	total := 0
	for _, c := range demoCultures {
		total += c.weight
	}
	n := r.IntN(total)
	for _, c := range demoCultures {
		if n < c.weight {
			return c
		}
		n -= c.weight
	}
	return demoCultures[0]
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

import ArcgenSupport
import Foundation

/// Who plays what in a season of many arc instances: one person per role of each instance, and the same person in
/// several instances where the genre does it — the A plot's heroine and galán carry the finale, the confidant gets a
/// romance of her own (and the heroine becomes her confidant), the town keeps its priest, doctor and inspector, the
/// villain's family brings a new villain with the old surname. Everyone else is new: each arc's first instance brings
/// its own cast (its file's `cast` block), a further instance of an arc draws other names of the same gender.
///
/// The binding never sets up a contradiction the story state would find: a person who may be arrested or buried in
/// one instance plays in no later one; one who may be mourned or go missing plays in no instance that overlaps; one
/// person holds a central role (heroine, galán, villain, rival, lost relative) in one running instance at a time, and
/// a couple's role (heroine, galán) once in the season; nobody plays the same role of the same arc twice, so no
/// synopsis is told twice with the same names.
struct SeasonCasting {
    /// Roles whose holder carries an instance: one running instance at a time.
    static let centralRoles: Set<String> = [GenreRoles.heroine, GenreRoles.galan, GenreRoles.villain, GenreRoles.rival,
                                             GenreRoles.lostRelative]
    /// The couple whose wedding or engagement an arc may play: a person is one of them once in a season.
    static let coupleRoles = Set(GenreRoles.couple)
    /// The A plot's people who go on to the A couple's next stories (`Season.Kind.lead`).
    static let threadRoles: Set<String> = [GenreRoles.heroine, GenreRoles.galan, GenreRoles.confidant]
    /// The town's people: kept from one instance to the next when they are free to be.
    static let townRoles: Set<String> = ["priest", "doctor", "lawyer", "police", "judge", "nun"]

    struct Person {
        var name: String
        var gender: Gender?
        /// (strand, role) in the order cast.
        var parts: [(strand: Int, role: String)] = []
        /// Someone this person is family of (the villain's family), for the cast list.
        var relative: String?
        /// The age the first arc that gives their role one gives (`CastEntry.age`): one age all season.
        var age: Int?
        /// Episodes of the instances where the person holds a central role.
        var central: [ClosedRange<Int>] = []
        /// Episodes of the instances that may mourn the person or lose them.
        var away: [ClosedRange<Int>] = []
        /// An instance may arrest or bury them: they play in no other.
        var retired = false
        var coupled = false
        /// "arc/role" pairs already played.
        var played: Set<String> = []
    }

    /// What casting needs to know of one strand.
    struct Part {
        var arc: Arc
        var label: String
        var kind: Season.Kind
        var window: ClosedRange<Int>
    }

    let language: Language
    /// Every arc the season may name people from (their `cast` blocks make the pool of names).
    let library: [Arc]
    private(set) var people: [Person] = []
    private var byName: [String: Int] = [:]
    private var random: SeededRandom

    init(language: Language, library: [Arc], seed: UInt64) {
        self.language = language
        self.library = library
        random = SeededRandom.derived(seed: seed, stream: 0xCA57)
    }

    /// The gender a role has in `arc`: its cast block's, else none known.
    static func gender(_ role: String, in arc: Arc) -> Gender? { arc.cast.first { $0.role == role }?.gender }

    /// The default name of `role` in `arc`: its cast block's, else the vocabulary's or the extra's.
    func defaultName(_ role: String, in arc: Arc) -> String {
        if let c = arc.cast.first(where: { $0.role == role }) { return c.name[language] }
        return Cast.defaults(for: arc, language: language).name(for: role)
    }

    /// The effects an arc may have on each role, over all its states.
    static func fates(of arc: Arc) -> [String: Set<StoryEffect>] {
        var out: [String: Set<StoryEffect>] = [:]
        for st in arc.states { for (role, effect) in st.storyEffects { out[role, default: []].insert(effect) } }
        return out
    }

    /// Casts every strand in order (the A plot first, so that the finale and the subplots can bind to its people).
    /// - Parameters:
    ///   - overrides: today's cast file: role → name for the A plot and the finale.
    ///   - sections: the cast file's `arcs` object: instance label → role → name; a section names every role.
    /// - Returns: per strand, role → name.
    /// - Throws: `SeasonError.castMissingRole` or `.unknownCastSection`.
    mutating func cast(_ parts: [Part], overrides: [String: String],
                       sections: [String: [String: String]]) throws(SeasonError) -> [[String: String]] {
        let labels = parts.map(\.label)
        for label in sections.keys.sorted() where !labels.contains(label) {
            throw .unknownCastSection(label: label, labels: labels)
        }
        var out: [[String: String]] = []
        let main = parts.firstIndex { $0.kind == .main }
        for (s, part) in parts.enumerated() {
            let fates = Self.fates(of: part.arc)
            var names: [String: String] = [:]
            if let section = sections[part.label] {
                for role in part.arc.roles {
                    guard let name = section[role] else {
                        throw .castMissingRole(arc: part.arc.id, label: part.label, role: role)
                    }
                    names[role] = name
                }
                for role in section.keys.sorted() where !part.arc.roles.contains(role) {
                    throw .castUnknownRole(arc: part.arc.id, label: part.label, role: role, roles: part.arc.roles)
                }
            } else {
                for role in part.arc.roles {
                    if part.kind == .main || part.kind == .finale, let name = overrides[role] {
                        names[role] = name
                    } else if part.kind == .finale, let m = main, let name = out[m][role],
                              bindable(name, role: role, part: part, fates: fates, s, carry: true, names: names) {
                        names[role] = name // the protagonists and their world carry the finale
                    } else if part.kind == .lead, Self.threadRoles.contains(role), let m = main,
                              let name = out[m][role],
                              bindable(name, role: role, part: part, fates: fates, s, carry: true, names: names) {
                        names[role] = name // the couple and their confidant live their next story
                    } else if part.kind == .subplot || part.kind == .lead,
                              let name = genreBinding(role, part: part, fates: fates, s, names: names,
                                                      main: main.map { out[$0] }) {
                        names[role] = name
                    } else {
                        names[role] = fresh(role, part: part, taken: Set(names.values))
                    }
                }
            }
            for role in part.arc.roles { enter(names[role]!, role: role, part: part, strand: s, fates: fates) }
            out.append(names)
        }
        return out
    }

    /// Whether the person called `name` may play `role` in `part`.
    /// - Parameter carry: the A plot's people carrying the finale: their own instance is over, so only arrests and
    ///   burials stop them.
    func bindable(_ name: String, role: String, part: Part, fates: [String: Set<StoryEffect>], _ strand: Int,
                  carry: Bool = false, names: [String: String]) -> Bool {
        if names.values.contains(name) { return false }
        guard let i = byName[name] else { return true }
        let p = people[i]
        let w = part.window
        func overlaps(_ r: ClosedRange<Int>) -> Bool { r.lowerBound <= w.upperBound && w.lowerBound <= r.upperBound }
        if p.retired || p.played.contains(part.arc.id + "/" + role) { return false }
        if let g = Self.gender(role, in: part.arc), p.gender != nil, p.gender != g { return false }
        if carry { return true }
        if p.away.contains(where: overlaps) { return false }
        if Self.centralRoles.contains(role), p.central.contains(where: overlaps) { return false }
        if Self.coupleRoles.contains(role), p.coupled { return false }
        // Someone this instance may mourn, lose, arrest or bury is somebody new: nobody else's story needs them.
        return (fates[role] ?? []).isDisjoint(with: [.presumedDead, .missing, .arrested, .dead])
    }

    /// The genre's bindings for a subplot's role, when one applies and is free: the confidant's own romance (the A
    /// plot's confidant is the heroine, the A plot's heroine her confidant), and the town's people.
    mutating func genreBinding(_ role: String, part: Part, fates: [String: Set<StoryEffect>], _ s: Int,
                               names: [String: String], main: [String: String]?) -> String? {
        var candidates: [String] = []
        switch role {
        case GenreRoles.heroine:
            // Every other subplot, someone who was a confidant gets her own story.
            guard random.nextInt(below: 2) == 0 else { return nil }
            candidates = people.filter { p in p.parts.contains { $0.role == GenreRoles.confidant } }.map(\.name)
        case GenreRoles.confidant:
            if let main, let heroine = names[GenreRoles.heroine], main[GenreRoles.confidant] == heroine,
               let own = main[GenreRoles.heroine] {
                candidates = [own]
            }
        case _ where Self.townRoles.contains(role):
            guard random.nextInt(below: 3) != 0 else { return nil }
            candidates = people.filter { p in p.parts.contains { $0.role == role } }.map(\.name)
        default:
            return nil
        }
        return candidates.first { bindable($0, role: role, part: part, fates: fates, s, names: names) }
    }

    /// A new person for `role` of `part`: the arc's own name for it when nobody has it yet, else a name of the same
    /// gender from another arc's cast for the same role, else one made from the role's title and a name list.
    mutating func fresh(_ role: String, part: Part, taken: Set<String>) -> String {
        func free(_ n: String) -> Bool { byName[n] == nil && !taken.contains(n) }
        let own = defaultName(role, in: part.arc)
        if free(own) { return own }
        let gender = Self.gender(role, in: part.arc)
        var pool = library.compactMap { arc -> String? in
            guard let c = arc.cast.first(where: { $0.role == role }), c.gender == gender else { return nil }
            return c.name[language]
        }.filter(free)
        if !pool.isEmpty {
            random.shuffle(&pool)
            if part.kind == .subplot || part.kind == .lead, role == GenreRoles.villain, let old = villainSurname() {
                // The villain's family: a new villain who bears an old one's surname.
                let first = pool[0].split(separator: " ").first.map(String.init) ?? pool[0]
                let name = first + " " + old.surname
                if free(name), !first.first!.isLowercase { relatives[name] = old.name; return name }
            }
            return pool[0]
        }
        return NamePool.make(title: own, gender: gender, language: language, random: &random, free: free)
    }

    /// Relatives made by `fresh`, by name.
    private(set) var relatives: [String: String] = [:]

    /// A former villain's surname, when one has a two-word name (for the villain's family).
    mutating func villainSurname() -> (name: String, surname: String)? {
        let villains = people.filter { p in p.parts.contains { $0.role == GenreRoles.villain } }.map(\.name)
            .filter { n in n.split(separator: " ").count == 2 && n.first!.isUppercase }
        guard !villains.isEmpty, random.nextInt(below: 2) == 0 else { return nil }
        let name = villains[random.nextInt(below: villains.count)]
        return (name, String(name.split(separator: " ")[1]))
    }

    /// The age the season gives `name`, if an arc gives their role one.
    func age(of name: String) -> Int? { byName[name].flatMap { people[$0].age } }

    mutating func enter(_ name: String, role: String, part: Part, strand: Int, fates: [String: Set<StoryEffect>]) {
        let i: Int
        if let known = byName[name] {
            i = known
        } else {
            i = people.count
            byName[name] = i
            people.append(Person(name: name, gender: Self.gender(role, in: part.arc), relative: relatives[name]))
        }
        people[i].parts.append((strand, role))
        people[i].played.insert(part.arc.id + "/" + role)
        if people[i].gender == nil { people[i].gender = Self.gender(role, in: part.arc) }
        if people[i].age == nil { people[i].age = part.arc.cast.first { $0.role == role }?.age }
        if Self.centralRoles.contains(role) { people[i].central.append(part.window) }
        if Self.coupleRoles.contains(role) { people[i].coupled = true }
        let f = fates[role] ?? []
        if !f.isDisjoint(with: [.arrested, .dead]) { people[i].retired = true }
        if !f.isDisjoint(with: [.presumedDead, .missing]) { people[i].away.append(part.window) }
    }
}

/// Names for people a season adds: first names by gender and surnames, in both languages' spellings, and the way a
/// role's title (`el doctor`, `doña`, `Father`) is kept from the arc's own name for the role.
enum NamePool {
    static let female = ["Inés", "Lorena", "Marisela", "Cecilia", "Adriana", "Paulina", "Silvia", "Elena", "Raquel",
                         "Gabriela", "Julieta", "Ximena", "Natalia", "Teresa", "Rebeca", "Alicia", "Angélica",
                         "Sofía", "Miriam", "Lourdes", "Mónica", "Beatriz", "Claudia", "Esther", "Fabiola",
                         "Graciela", "Irma", "Jimena", "Liliana", "Norma", "Olivia", "Rosalba", "Susana", "Verónica",
                         "Yolanda", "Zulema"]
    static let male = ["Arturo", "Benjamín", "César", "Damián", "Ernesto", "Francisco", "Gilberto", "Héctor",
                       "Ignacio", "Jorge", "Leonardo", "Manuel", "Nicolás", "Óscar", "Pablo", "Ramiro", "Sergio",
                       "Tomás", "Ulises", "Víctor", "Alfredo", "Bernardo", "Camilo", "Eduardo", "Fernando",
                       "Guillermo", "Horacio", "Jacinto", "Lorenzo", "Mario", "Octavio", "Patricio", "Raúl", "Saúl",
                       "Vicente"]
    static let surnames = ["Carvajal", "Montes", "Salazar", "Villegas", "Quiroga", "Bustamante", "Cifuentes",
                           "Del Río", "Escobedo", "Figueroa", "Galindo", "Herrera", "Iturbide", "Jaramillo", "Landa",
                           "Maldonado", "Navarrete", "Olmos", "Paredes", "Robles", "Sandoval", "Tovar", "Urquiza",
                           "Valencia", "Zamudio", "Acosta", "Bravo", "Cordero", "Duarte", "Echeverría", "Fuentes",
                           "Gallardo", "Ledesma", "Miranda", "Orozco", "Pineda", "Rivas", "Solís", "Toledo", "Vidal"]
    /// Titles after which a Spanish name is a first name (`doña Inés`), not a surname (`el doctor Salazar`).
    static let firstNameTitles: Set<String> = ["doña", "don", "sor", "fray", "nana", "la abuela", "el abuelo",
                                               "madame", "el padre", "el locutor", "la secretaria", "old", "Father",
                                               "Sister", "Brother", "Nana", "Madame", "Grandmother", "Mrs.", "Mr."]

    /// A new name like `own` (the arc's own name for the role): its title kept, the name drawn; without a title, a
    /// first name and a surname. `free` says whether a name is still unused.
    static func make(title own: String, gender: Gender?, language: Language, random: inout SeededRandom,
                     free: (String) -> Bool) -> String {
        let words = own.split(separator: " ").map(String.init)
        // The title: leading lower-case words (es: `el doctor`), or English titles (`Dr.`, `Father`).
        var title: [String] = []
        for w in words.dropLast() {
            let english = ["Dr.", "Father", "Sister", "Brother", "Captain", "Attorney", "Inspector", "Commissioner",
                           "Judge", "Detective", "Chief", "Sergeant", "Grandmother", "Nana", "Madame", "Mrs.", "Mr.",
                           "old"]
            if w.first?.isLowercase == true || english.contains(w) { title.append(w) } else { break }
        }
        let suffix = language == .en ? own.range(of: " the ").map { String(own[$0.lowerBound...]) } ?? "" : ""
        var prefix = title.joined(separator: " ")
        if ["el", "la"].contains(prefix) { prefix = "" } // `el Güero Tadeo`: a nickname, not a title
        let firsts = gender == .male ? male : gender == .female ? female : surnames
        for attempt in 0 ..< 400 {
            let first = plain(firsts[random.nextInt(below: firsts.count)], language)
            let surname = plain(surnames[random.nextInt(below: surnames.count)], language)
            var name: String
            if !suffix.isEmpty {
                name = surname + suffix
            } else if prefix.isEmpty {
                name = gender == nil ? surname : first + " " + surname
            } else {
                name = prefix + " " + (firstNameTitles.contains(prefix) ? first : surname)
            }
            if attempt > 300 { name += " " + plain(surnames[random.nextInt(below: surnames.count)], language) }
            if free(name) { return name }
        }
        return own + " (\(random.nextInt(below: 1000)))"
    }

    /// English scripts spell the pool's names without accents.
    static func plain(_ s: String, _ language: Language) -> String {
        language == .es ? s : s.folding(options: .diacriticInsensitive, locale: nil)
    }
}

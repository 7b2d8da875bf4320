@testable import ArcgenEvaluation

/// Two clearly different beats in a few sentences each, for the classifier tests: what a classifier that works must
/// tell apart.
enum ClassifierFixtures {
    static let training: [LabeledText] = [
        .init(text: "The bride walks to the altar; the church bells ring.", label: "wedding"),
        .init(text: "Rings, vows and the bride's veil at the altar.", label: "wedding"),
        .init(text: "The priest blesses the rings in the church.", label: "wedding"),
        .init(text: "La novia llega al altar de la iglesia con el anillo.", label: "wedding"),
        .init(text: "I don't remember my name. Who am I? The hospital is white.", label: "amnesia"),
        .init(text: "The doctor says my memory may never come back. I remember nothing.", label: "amnesia"),
        .init(text: "No recuerdo nada, doctor. ¿Quién soy? My memory is gone.", label: "amnesia"),
        .init(text: "A hospital bed; she cannot remember who I am.", label: "amnesia"),
    ]
    static let heldOut: [LabeledText] = [
        .init(text: "At the altar the bride takes the rings.", label: "wedding"),
        .init(text: "Bells of the church; the priest waits.", label: "wedding"),
        .init(text: "Who am I? I remember nothing of the hospital.", label: "amnesia"),
        .init(text: "The doctor asks what I remember; my memory is empty.", label: "amnesia"),
    ]
}

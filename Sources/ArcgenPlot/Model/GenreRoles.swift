/// The roles whose meaning the planner's rules depend on — the genre's, not a cast's. Every other role is only a
/// cue, a label and a default name in `arcs/vocabulary.json`; these few are named here once, so the rules that use
/// them (a wedding marries the couple, the season keeps its leads on screen, the villain pays) agree.
public enum GenreRoles {
    /// The couple the love story is about: a happy wedding marries them, a proposal engages them, and a season's
    /// leads are the A plot's couple.
    public static let couple = [heroine, galan]
    public static let heroine = "heroine"
    public static let galan = "galan"
    /// The heroine's friend, who in a season may get a romance of her own.
    public static let confidant = "confidant"
    /// The one a reunion brings back.
    public static let lostRelative = "lost-relative"
    /// Who schemes against the couple and must get a comeuppance before the final wedding.
    public static let villain = "villain"
    /// Who stands between the couple without being the villain (arrested in their place when an arc has no villain).
    public static let rival = "rival"
}

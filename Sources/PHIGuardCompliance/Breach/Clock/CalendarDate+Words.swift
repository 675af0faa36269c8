extension CalendarDate {
    /// The date as people write it in a letter: "March 4, 2024".
    public var inWords: String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        let (year, month, day) = components
        return "\(names[month - 1]) \(day), \(year)"
    }
}

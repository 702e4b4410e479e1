import Foundation

/// What is known about one commit: enough to tell a person where a secret came from.
public struct CommitInfo: Hashable, Sendable, Codable {
    public var id: String
    public var author: String
    public var email: String
    public var date: Date
    public var summary: String

    public init(id: String, author: String, email: String, date: Date, summary: String) {
        self.id = id
        self.author = author
        self.email = email
        self.date = date
        self.summary = summary
    }
}

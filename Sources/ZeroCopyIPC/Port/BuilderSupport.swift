/// A value-type builder whose options return a changed copy (`builder.maxLoanedSamples(4).create()`).
protocol CopyingBuilder {}

extension CopyingBuilder {
    /// A copy of the builder with `change` applied.
    func with(_ change: (inout Self) -> Void) -> Self {
        var copy = self
        change(&copy)
        return copy
    }
}

extension ClientBuilder: CopyingBuilder {}
extension ServerBuilder: CopyingBuilder {}
extension PublisherBuilder: CopyingBuilder {}
extension SubscriberBuilder: CopyingBuilder {}
extension NodeBuilder: CopyingBuilder {}

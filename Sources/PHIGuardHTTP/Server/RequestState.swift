/// What the server gathers for one request across libmicrohttpd's callbacks.
///
/// libmicrohttpd calls back for a connection on one thread at a time, so this needs no lock. It crosses the C
/// boundary through `Unmanaged` and is released in the request-completed callback.
final class RequestState {
    var request: HTTPRequest
    /// Set once the body passed the limit: the rest is read and dropped, and the answer is 413.
    var isOverLimit = false
    /// Set once an answer is queued, so later callbacks for the same request do nothing.
    var isAnswered = false

    init(request: HTTPRequest) {
        self.request = request
    }

    /// Appends a chunk of the body unless the total would pass `limit`.
    func append(_ chunk: UnsafeRawBufferPointer, limit: Int) {
        guard !isOverLimit else { return }
        guard request.body.count + chunk.count <= limit else {
            isOverLimit = true
            request.body = []
            return
        }
        request.body.append(contentsOf: chunk)
    }
}

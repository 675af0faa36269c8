internal import CMicroHTTPD
import Foundation

// The C callbacks libmicrohttpd calls from its worker threads. They live at file scope because C function pointers
// cannot capture context; the server's `ServerContext` arrives as the opaque `context` pointer instead.
//
// A request takes several calls to `answerConnection`: the first when the headers are in (no answer yet, so
// keep-alive keeps working), then one per body chunk, then a final call with no data, which answers.

/// libmicrohttpd's access handler: one call per header block, body chunk and end of request.
func answerConnection(
    context: UnsafeMutableRawPointer?,
    connection: OpaquePointer?,
    url: UnsafePointer<CChar>?,
    method: UnsafePointer<CChar>?,
    version: UnsafePointer<CChar>?,
    uploadData: UnsafePointer<CChar>?,
    uploadDataSize: UnsafeMutablePointer<Int>?,
    requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let context, let connection, let url, let method, let uploadDataSize, let requestContext else { return .NO }
    let server = Unmanaged<ServerContext>.fromOpaque(context).takeUnretainedValue()

    guard let opaqueState = requestContext.pointee else {
        let state = RequestState(request: readRequest(connection, url: url, method: method, server: server))
        requestContext.pointee = Unmanaged.passRetained(state).toOpaque()
        server.requestStarted()
        if let length = state.request.headers["Content-Length"].flatMap(Int.init), length > server.maxBodyBytes {
            // Refuse before the body is read; libmicrohttpd closes the connection after this answer.
            return answer(state, connection: connection, server: server, rejecting: .contentTooLarge())
        }
        return .YES
    }
    let state = Unmanaged<RequestState>.fromOpaque(opaqueState).takeUnretainedValue()

    if uploadDataSize.pointee > 0 {
        if let uploadData, !state.isAnswered {
            state.append(
                UnsafeRawBufferPointer(start: uploadData, count: uploadDataSize.pointee), limit: server.maxBodyBytes)
        }
        uploadDataSize.pointee = 0
        return .YES
    }
    guard !state.isAnswered else { return .YES }
    return answer(
        state, connection: connection, server: server, rejecting: state.isOverLimit ? .contentTooLarge() : nil)
}

/// libmicrohttpd's request-completed callback: releases the request state and counts the request as done.
func completeRequest(
    context: UnsafeMutableRawPointer?,
    connection: OpaquePointer?,
    requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    reason: MHD_RequestTerminationCode
) {
    guard let context, let requestContext, let opaqueState = requestContext.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(opaqueState).release()
    requestContext.pointee = nil
    Unmanaged<ServerContext>.fromOpaque(context).takeUnretainedValue().requestFinished()
}

/// An unescape callback that leaves text as received: the router decodes path segments one by one, so an
/// encoded `/` inside an id cannot split a segment, and query values are decoded with `+` as space.
func keepEscapes(context: UnsafeMutableRawPointer?, connection: OpaquePointer?, text: UnsafeMutablePointer<CChar>?)
    -> Int
{
    guard let text else { return 0 }
    return strlen(text)
}

private func answer(
    _ state: RequestState, connection: OpaquePointer, server: ServerContext, rejecting rejection: Problem?
) -> MHD_Result {
    state.isAnswered = true
    let response = server.pipeline.respond(to: state.request, rejecting: rejection)
    return queue(response, on: connection)
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    // MUST_COPY: libmicrohttpd copies the bytes before returning and never writes through the pointer, so the
    // body is lent without the copy a mutable borrow of a shared array would make.
    let created = response.body.withUnsafeBytes { bytes in
        MHD_create_response_from_buffer(
            bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
    }
    guard let created else { return .NO }
    defer { MHD_destroy_response(created) }
    for (name, value) in response.headers where !HTTPHeaders.namesMatch(name, "Content-Length") {
        // Explicit `withCString`: short names live inline in the string and are lent from the stack, where the
        // implicit conversion built a heap copy for each argument.
        _ = name.withCString { name in value.withCString { MHD_add_response_header(created, name, $0) } }
    }
    return MHD_queue_response(connection, UInt32(clamping: response.status), created)
}

private func readRequest(
    _ connection: OpaquePointer, url: UnsafePointer<CChar>, method: UnsafePointer<CChar>, server: ServerContext
) -> HTTPRequest {
    let collector = ValueCollector()
    let opaqueCollector = Unmanaged.passUnretained(collector).toOpaque()
    _ = MHD_get_connection_values(connection, .HEADER_KIND, collectHeader, opaqueCollector)
    _ = MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, collectQueryItem, opaqueCollector)
    let remote = phiguard_mhd_client_address(connection).map(SocketAddress.text(of:)) ?? ""
    return withExtendedLifetime(collector) {
        HTTPRequest(
            method: String(cString: method).uppercased(), path: String(cString: url), query: collector.query,
            headers: collector.headers, remoteAddress: remote, isSecure: server.isSecure)
    }
}

/// Gathers header fields and query items during `MHD_get_connection_values`, which runs the iterator inline.
private final class ValueCollector {
    var headers = HTTPHeaders()
    var query: [String: String] = [:]
}

private func collectHeader(
    context: UnsafeMutableRawPointer?, kind: MHD_ValueKind, key: UnsafePointer<CChar>?, value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let context, let key else { return .YES }
    let collector = Unmanaged<ValueCollector>.fromOpaque(context).takeUnretainedValue()
    collector.headers.add(String(cString: key), value.map { String(cString: $0) } ?? "")
    return .YES
}

private func collectQueryItem(
    context: UnsafeMutableRawPointer?, kind: MHD_ValueKind, key: UnsafePointer<CChar>?, value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let context, let key else { return .YES }
    let collector = Unmanaged<ValueCollector>.fromOpaque(context).takeUnretainedValue()
    let name = PercentDecoding.decode(Substring(String(cString: key)), plusIsSpace: true)
    let text = value.map { PercentDecoding.decode(Substring(String(cString: $0)), plusIsSpace: true) } ?? ""
    if let name, let text { collector.query[name] = text }
    return .YES
}

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Web;

namespace WeChatMiniProgram.UserProfile.Tests.TestDoubles;

/// <summary>
/// An HttpMessageHandler that answers as WeChat's API would, from a script the test writes: one reply per request
/// path, or a function of the request. It records every request and counts them per path.
/// </summary>
public sealed class ScriptedWeChatApi : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, Task<HttpResponseMessage>>> _routes = new();
    private readonly ConcurrentQueue<HttpRequestMessage> _requests = new();
    private readonly ConcurrentQueue<(string Path, string Body)> _bodies = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public IReadOnlyCollection<HttpRequestMessage> Requests => _requests;

    public int Count(string path) => _counts.GetValueOrDefault(path);

    /// <summary>The bodies sent to <paramref name="path"/>, in order (read when they were sent: the client disposes its requests).</summary>
    public IReadOnlyList<string> Bodies(string path) => _bodies.Where(b => b.Path == path).Select(b => b.Body).ToList();

    public ScriptedWeChatApi On(string path, Func<HttpRequestMessage, Task<HttpResponseMessage>> reply)
    {
        _routes[path] = reply;
        return this;
    }

    public ScriptedWeChatApi On(string path, Func<HttpRequestMessage, string> json)
        => On(path, request => Task.FromResult(Json(json(request))));

    public ScriptedWeChatApi On(string path, string json) => On(path, _ => json);

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static string Query(HttpRequestMessage request, string name) => HttpUtility.ParseQueryString(request.RequestUri!.Query)[name] ?? string.Empty;

    public HttpClient Client() => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        _requests.Enqueue(request);
        _bodies.Enqueue((path, request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken)));
        _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        return _routes.TryGetValue(path, out var reply)
            ? await reply(request)
            : Json("{\"errcode\":404,\"errmsg\":\"no route\"}", HttpStatusCode.NotFound);
    }
}

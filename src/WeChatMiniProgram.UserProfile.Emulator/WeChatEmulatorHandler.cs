using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>Answers an <see cref="HttpClient"/>'s requests from the emulator in-process: the same endpoints as over HTTP, no port.</summary>
internal sealed class WeChatEmulatorHandler(WeChatEmulator emulator) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var response = await emulator.HandleAsync(new EmulatorRequest(request.Method.Method, uri.AbsolutePath, query, body), cancellationToken).ConfigureAwait(false);
        return new HttpResponseMessage((HttpStatusCode)response.Status)
        {
            Content = new StringContent(response.Body, Encoding.UTF8, MediaTypeHeaderValue.Parse(response.ContentType)),
            RequestMessage = request,
        };
    }
}

#if NETSTANDARD2_0
using System.Net.Http;

namespace WeChatMiniProgram.UserProfile;

/// <summary><c>HttpContent.ReadAsStreamAsync(CancellationToken)</c> (.NET 5) on netstandard2.0, where reading cannot be cancelled.</summary>
internal static class HttpPolyfills
{
    extension(HttpContent content)
    {
        public Task<Stream> ReadAsStreamAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return content.ReadAsStreamAsync();
        }
    }
}
#endif

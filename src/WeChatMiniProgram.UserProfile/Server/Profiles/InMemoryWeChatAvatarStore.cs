using System.Collections.Concurrent;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>An <see cref="IWeChatAvatarStore"/> in this process's memory: for tests and single-instance apps.</summary>
public sealed class InMemoryWeChatAvatarStore : IWeChatAvatarStore
{
    private readonly ConcurrentDictionary<string, KeptAvatarImage> _images = new(StringComparer.Ordinal);

    /// <summary>Gets how many images are kept: for tests that check an erasure left nothing behind.</summary>
    public int Count => _images.Count;

    /// <inheritdoc/>
    public Task SaveAsync(KeptAvatarImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        cancellationToken.ThrowIfCancellationRequested();
        _images[image.Id] = image with { Content = image.Content.ToArray() };
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<KeptAvatarImage?> GetAsync(string avatarId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(avatarId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_images.TryGetValue(avatarId, out var image) ? image : null);
    }

    /// <inheritdoc/>
    public Task RemoveAsync(string appId, string openId, string avatarId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(avatarId);
        cancellationToken.ThrowIfCancellationRequested();
        if (_images.TryGetValue(avatarId, out var image) && string.Equals(image.AppId, appId, StringComparison.Ordinal) && string.Equals(image.OpenId, openId, StringComparison.Ordinal))
        {
            _images.TryRemove(avatarId, out _);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RemoveAllAsync(string appId, string openId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var image in _images.Values)
        {
            if (string.Equals(image.AppId, appId, StringComparison.Ordinal) && string.Equals(image.OpenId, openId, StringComparison.Ordinal))
            {
                _images.TryRemove(image.Id, out _);
            }
        }

        return Task.CompletedTask;
    }
}

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Where a backend keeps avatar images, by id: apart from the profiles, so that an object store (S3, Tencent COS) can
/// take them. The profile is the truth of which image a user shows and whether it passed; this store only keeps bytes.
/// </summary>
/// <remarks>
/// The SDK ships <see cref="InMemoryWeChatAvatarStore"/>; the Redis and PostgreSQL packages keep images beside the
/// profiles, encrypted at rest. An outage of the engine is a <see cref="SessionStoreUnavailableException"/>.
/// </remarks>
public interface IWeChatAvatarStore
{
    /// <summary>Keeps an image under its id.</summary>
    /// <param name="image">The image.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the image is kept.</returns>
    Task SaveAsync(KeptAvatarImage image, CancellationToken cancellationToken = default);

    /// <summary>Reads an image.</summary>
    /// <param name="avatarId">The image's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The image, or <see langword="null"/> when none is kept under that id.</returns>
    Task<KeptAvatarImage?> GetAsync(string avatarId, CancellationToken cancellationToken = default);

    /// <summary>Erases one image of a user. Erasing what is not there is not an error.</summary>
    /// <param name="appId">The owner's AppId.</param>
    /// <param name="openId">The owner's openid.</param>
    /// <param name="avatarId">The image's id.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>A task that completes when the image is gone.</returns>
    Task RemoveAsync(string appId, string openId, string avatarId, CancellationToken cancellationToken = default);

    /// <summary>Erases every image of a user, including any an interrupted upload left behind.</summary>
    /// <param name="appId">The owner's AppId.</param>
    /// <param name="openId">The owner's openid.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>A task that completes when the images are gone.</returns>
    Task RemoveAllAsync(string appId, string openId, CancellationToken cancellationToken = default);
}

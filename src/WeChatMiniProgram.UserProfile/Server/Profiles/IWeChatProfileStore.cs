namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Where a backend keeps each user's <see cref="WeChatProfile"/>, per (AppId, openid), shared by every instance, with
/// the tickets of avatars WeChat is still checking.
/// </summary>
/// <remarks>
/// The SDK ships <see cref="InMemoryWeChatProfileStore"/> for tests and single-instance apps; the Redis and PostgreSQL
/// packages keep profiles where they keep sessions, encrypted at rest. An implementation must be thread-safe, keep a
/// profile as one entry, and run <see cref="UpdateAsync"/> atomically against every other update of the same user on
/// any instance, so two updates of different fields at the same moment lose neither. An outage of the engine is a
/// <see cref="SessionStoreUnavailableException"/>.
/// </remarks>
public interface IWeChatProfileStore
{
    /// <summary>Reads a user's kept profile.</summary>
    /// <param name="appId">The mini program's AppId.</param>
    /// <param name="openId">The user's openid.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile, or <see langword="null"/> when none is kept.</returns>
    /// <remarks>
    /// A store may hand out the same <see cref="WeChatProfile"/> (it is immutable) while the kept profile is unchanged,
    /// as the stores of this project do: the ASP.NET Core endpoints then answer a repeated read without serializing it
    /// again.
    /// </remarks>
    Task<WeChatProfile?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Updates a user's profile: <paramref name="update"/> gets what is kept (<see langword="null"/> when nothing is)
    /// and returns what to keep. When another update of the same user wrote in between, it runs again on what that one
    /// wrote, so it must be a pure function of its argument. Returning the argument itself, or <see langword="null"/>,
    /// writes nothing.
    /// </summary>
    /// <param name="appId">The mini program's AppId.</param>
    /// <param name="openId">The user's openid.</param>
    /// <param name="update">The change; it must keep <paramref name="appId"/> and <paramref name="openId"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The profile as kept after the update, or <see langword="null"/> when none is.</returns>
    Task<WeChatProfile?> UpdateAsync(string appId, string openId, Func<WeChatProfile?, WeChatProfile?> update, CancellationToken cancellationToken = default);

    /// <summary>Erases a user's profile. Erasing what is not there is not an error.</summary>
    /// <param name="appId">The mini program's AppId.</param>
    /// <param name="openId">The user's openid.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns><see langword="true"/> when a profile was erased.</returns>
    Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default);

    /// <summary>Keeps a media-check ticket for <see cref="MediaCheckTicket.Lifetime"/>.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the ticket is kept.</returns>
    Task SaveMediaCheckAsync(MediaCheckTicket ticket, CancellationToken cancellationToken = default);

    /// <summary>Reads the ticket of a trace id.</summary>
    /// <param name="traceId">mediaCheckAsync's trace id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ticket, or <see langword="null"/> when none is kept (never issued here, or expired).</returns>
    Task<MediaCheckTicket?> GetMediaCheckAsync(string traceId, CancellationToken cancellationToken = default);
}

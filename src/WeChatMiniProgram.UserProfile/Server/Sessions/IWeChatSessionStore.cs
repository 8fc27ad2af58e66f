namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Where a backend keeps each user's <see cref="WeChatSession"/>, per (AppId, openid). Shared by every instance of the
/// backend when it runs on several: the login may land on one instance and the profile post on another.
/// </summary>
/// <remarks>
/// The SDK ships <see cref="InMemoryWeChatSessionStore"/> for tests and single-instance apps; the WeChatMiniProgram.UserProfile.AspNetCore
/// package adds one over any <c>IDistributedCache</c> (Redis, SQL Server, PostgreSQL, ...). An implementation must be
/// thread-safe, store a session as one entry (so no reader sees half of a current/previous pair), and let a read on one
/// instance see a write from another.
/// </remarks>
public interface IWeChatSessionStore
{
    /// <summary>Reads a user's session.</summary>
    /// <param name="appId">The mini program's AppId.</param>
    /// <param name="openId">The user's openid.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The session, or <see langword="null"/> when there is none or it expired.</returns>
    Task<WeChatSession?> GetAsync(string appId, string openId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a login: merges <paramref name="login"/> into what is stored (see <see cref="WeChatSession.Merge"/>), so
    /// the newest key becomes current and the one it replaced previous, and restarts the entry's lifetime.
    /// </summary>
    /// <param name="login">The session code2Session just issued.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The session as stored after the merge.</returns>
    Task<WeChatSession> SaveAsync(WeChatSession login, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a user's session (the right to erasure): the user's next profile post fails until they log in again.
    /// Erasing what is not there is not an error.
    /// </summary>
    /// <param name="appId">The mini program's AppId.</param>
    /// <param name="openId">The user's openid.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns><see langword="true"/> when a session was erased.</returns>
    Task<bool> RemoveAsync(string appId, string openId, CancellationToken cancellationToken = default);
}

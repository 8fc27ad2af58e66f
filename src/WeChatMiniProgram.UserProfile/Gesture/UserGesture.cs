namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// Declares that code runs in response to a user's tap, as WeChat requires for getUserProfile.
/// The scope flows through <see langword="await"/>, so calls made anywhere inside it count as tap-initiated.
/// </summary>
/// <example>
/// <code>
/// using (UserGesture.Begin())
/// {
///     var result = await client.GetUserProfileAsync(option);
/// }
/// </code>
/// </example>
public static class UserGesture
{
    private static readonly AsyncLocal<UserGestureScope?> CurrentScope = new();

    /// <summary>Gets a value indicating whether the current code runs inside a gesture scope.</summary>
    public static bool IsActive => CurrentScope.Value is { IsDisposed: false };

    /// <summary>Begins a gesture scope that lasts until the returned scope is disposed.</summary>
    /// <returns>The scope; dispose it when the tap handler ends.</returns>
    public static UserGestureScope Begin()
    {
        var scope = new UserGestureScope(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    internal static void End(UserGestureScope scope)
    {
        if (ReferenceEquals(CurrentScope.Value, scope))
        {
            CurrentScope.Value = scope.Parent;
        }
    }
}

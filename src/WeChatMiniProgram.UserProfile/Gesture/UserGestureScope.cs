namespace WeChatMiniProgram.UserProfile;

/// <summary>A user-gesture scope begun by <see cref="UserGesture.Begin"/>. Dispose it to end the scope.</summary>
public sealed class UserGestureScope : IDisposable
{
    internal UserGestureScope(UserGestureScope? parent)
    {
        Parent = parent;
    }

    internal UserGestureScope? Parent { get; }

    internal bool IsDisposed { get; private set; }

    /// <summary>Ends the scope. Calling it more than once has no further effect.</summary>
    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        UserGesture.End(this);
    }
}

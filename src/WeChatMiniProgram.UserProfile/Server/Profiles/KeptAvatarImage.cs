namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>An avatar image as kept: re-encoded, without metadata, and owned by one user.</summary>
/// <param name="Id">The image's id: unguessable, new for every upload, so its bytes never change under one id.</param>
/// <param name="AppId">The owner's AppId.</param>
/// <param name="OpenId">The owner's openid.</param>
/// <param name="ContentType">The media type, such as <c>image/jpeg</c>.</param>
/// <param name="Content">The image.</param>
public sealed record KeptAvatarImage(string Id, string AppId, string OpenId, string ContentType, ReadOnlyMemory<byte> Content)
{
    /// <inheritdoc/>
    public override string ToString() => $"KeptAvatarImage {{ Id = {Id}, AppId = {AppId}, ContentType = {ContentType}, Length = {Content.Length} }}";
}

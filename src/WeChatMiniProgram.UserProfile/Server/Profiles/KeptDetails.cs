namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The rest of a verified getUserProfile result: gender, region and language, kept with the time they came.</summary>
/// <param name="Gender">The gender.</param>
/// <param name="Country">The country.</param>
/// <param name="Province">The province.</param>
/// <param name="City">The city.</param>
/// <param name="Language">The language (<c>zh_CN</c>, <c>en</c>, ...).</param>
/// <param name="KeptAt">When they were kept.</param>
public sealed record KeptDetails(Gender Gender, string Country, string Province, string City, string Language, DateTimeOffset KeptAt)
{
    /// <inheritdoc/>
    public override string ToString() => $"KeptDetails {{ Gender, region and language redacted, KeptAt = {KeptAt:O} }}";
}

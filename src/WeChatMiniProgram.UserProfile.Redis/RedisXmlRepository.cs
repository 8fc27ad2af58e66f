using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace WeChatMiniProgram.UserProfile.Redis;

/// <summary>
/// The app's Data Protection key ring in Redis (one list of key XML), so every instance that reaches the engine shares
/// it with no more set-up than the connection string: session tokens, avatar links, sessions and profiles open on all.
/// </summary>
internal sealed class RedisXmlRepository(Func<IConnectionMultiplexer> redis, RedisKey key) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
        => redis().GetDatabase().ListRange(key).Select(static value => XElement.Parse((string)value!)).ToList();

    public void StoreElement(XElement element, string friendlyName)
        => redis().GetDatabase().ListRightPush(key, element.ToString(SaveOptions.DisableFormatting));
}

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The labels of WeChat's content-security verdicts (<c>label</c>), with a name for each.</summary>
public static class ContentLabels
{
    /// <summary>100: normal.</summary>
    public const int Normal = 100;

    /// <summary>10001: advertising.</summary>
    public const int Ads = 10001;

    /// <summary>20001: politics.</summary>
    public const int Politics = 20001;

    /// <summary>20002: pornography.</summary>
    public const int Porn = 20002;

    /// <summary>20003: abuse.</summary>
    public const int Abuse = 20003;

    /// <summary>20006: crime.</summary>
    public const int Crime = 20006;

    /// <summary>20008: fraud.</summary>
    public const int Fraud = 20008;

    /// <summary>20012: vulgarity.</summary>
    public const int Vulgar = 20012;

    /// <summary>20013: copyright.</summary>
    public const int Copyright = 20013;

    /// <summary>21000: other.</summary>
    public const int Other = 21000;

    /// <summary>Gets a label's name: <c>normal</c>, <c>ads</c>, <c>politics</c>, <c>porn</c>, <c>abuse</c>, <c>crime</c>, <c>fraud</c>, <c>vulgar</c>, <c>copyright</c>, <c>other</c>.</summary>
    /// <param name="label">The label.</param>
    /// <returns>The name; <c>label {n}</c> for one WeChat has not documented.</returns>
    public static string Name(int label) => label switch
    {
        Normal => "normal",
        Ads => "ads",
        Politics => "politics",
        Porn => "porn",
        Abuse => "abuse",
        Crime => "crime",
        Fraud => "fraud",
        Vulgar => "vulgar",
        Copyright => "copyright",
        Other => "other",
        _ => "label " + label.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

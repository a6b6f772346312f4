using System;
using System.Collections.Generic;

namespace Apie.Configuration;

/// <summary>The wire names of configuration enums and the checks shared by every configuration source.</summary>
internal static class ConfigurationValues
{
    public const string ApiKeyPrefix = "apie_sk_";

    public static readonly IReadOnlyDictionary<string, ApieMode> Modes = new Dictionary<string, ApieMode>
    {
        ["monitor"] = ApieMode.Monitor,
        ["enforce"] = ApieMode.Enforce,
    };

    public static readonly IReadOnlyDictionary<string, ApieGuardFailureMode> GuardFailureModes = new Dictionary<string, ApieGuardFailureMode>
    {
        ["fail_open"] = ApieGuardFailureMode.FailOpen,
        ["fail_closed"] = ApieGuardFailureMode.FailClosed,
        ["throw"] = ApieGuardFailureMode.Throw,
    };

    public static readonly IReadOnlyDictionary<string, ApieQueueDropPolicy> DropPolicies = new Dictionary<string, ApieQueueDropPolicy>
    {
        ["drop_oldest"] = ApieQueueDropPolicy.DropOldest,
        ["drop_newest"] = ApieQueueDropPolicy.DropNewest,
    };

    public static readonly IReadOnlyDictionary<string, ApieErrorMode> ErrorModes = new Dictionary<string, ApieErrorMode>
    {
        ["silent"] = ApieErrorMode.Silent,
        ["warn"] = ApieErrorMode.Warn,
        ["throw"] = ApieErrorMode.Throw,
    };

    /// <summary>Parses a base URL given as text; null stays null.</summary>
    public static Uri? ParseBaseUrl(string? text, string field, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw new ApieConfigurationException(field, source, $"is '{text}', which is not an absolute URL; use a URL such as https://api.apie.sh.");
        }

        return CheckBaseUrl(url, field, source);
    }

    /// <summary>Returns the URL when it is absolute http or https, and throws otherwise.</summary>
    public static Uri CheckBaseUrl(Uri url, string field, string source)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ApieConfigurationException(field, source, $"is '{url}', which is not an absolute http or https URL; use a URL such as https://api.apie.sh.");
        }

        return url;
    }

    /// <summary>Throws when the key does not look like an Apie secret key.</summary>
    public static void CheckApiKey(string key, string source)
    {
        if (!key.StartsWith(ApiKeyPrefix, StringComparison.Ordinal))
        {
            // The key itself is a secret: the message shows only its length.
            throw new ApieConfigurationException("apiKey", source, $"does not start with '{ApiKeyPrefix}' ({key.Length} characters); copy the secret key from the Apie dashboard.");
        }
    }

    public static T CheckEnum<T>(T value, string field)
        where T : struct, Enum
    {
#if NETSTANDARD2_0
        var defined = Enum.IsDefined(typeof(T), value);
#else
        var defined = Enum.IsDefined(value);
#endif
        if (!defined)
        {
            throw new ApieConfigurationException(field, "ApieOptions (code)", $"is {value}, which is not a defined {typeof(T).Name} value.");
        }

        return value;
    }

    public static int CheckPositive(int value, string field, string source)
    {
        if (value <= 0)
        {
            throw new ApieConfigurationException(field, source, $"is {value}, and it must be greater than zero.");
        }

        return value;
    }

    public static TimeSpan CheckPositive(TimeSpan value, string field, string source)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ApieConfigurationException(field, source, $"is {value.TotalMilliseconds} ms, and it must be longer than zero.");
        }

        return value;
    }
}

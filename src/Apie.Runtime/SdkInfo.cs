namespace Apie;

/// <summary>Facts about this library sent to the service.</summary>
internal static class SdkInfo
{
    /// <summary>The version of the SDK, sent as <c>runtime.sdk_version</c>.</summary>
    public const string Version = "0.1.0";
}

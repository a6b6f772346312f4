using System;
using System.Security.Cryptography;

namespace Apie.Testing;

/// <summary>
/// Prefixed random ids in the shape the Apie service uses: a prefix such as <c>run_</c>
/// followed by 24 lowercase hex characters.
/// </summary>
internal static class ApieIds
{
    public const string Agent = "agt_";
    public const string AgentVersion = "ver_";
    public const string Workspace = "wsp_";
    public const string Session = "ses_";
    public const string Run = "run_";
    public const string Handoff = "hof_";
    public const string Decision = "dec_";
    public const string Approval = "appr_";
    public const string Receipt = "rcpt_";
    public const string Request = "req_";

    private const int RandomByteCount = 12;

    public static string New(string prefix)
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(RandomByteCount);
        return prefix + Convert.ToHexStringLower(bytes);
    }
}

using System.Threading;

namespace Apie.Recording;

/// <summary>The agent's key and, once registration succeeded, the ids the service gave it.</summary>
internal sealed class AgentIdentity
{
    private string? _agentId;
    private string? _agentVersionId;

    public AgentIdentity(string key)
    {
        Key = key;
    }

    public string Key { get; }

    public string? AgentId
    {
        get => Volatile.Read(ref _agentId);
        set => Volatile.Write(ref _agentId, value);
    }

    public string? AgentVersionId
    {
        get => Volatile.Read(ref _agentVersionId);
        set => Volatile.Write(ref _agentVersionId, value);
    }

    public string? DashboardUrl { get; set; }
}

namespace HostedAgent;

/// <summary>A support ticket.</summary>
public sealed record Ticket(string Id, string Subject);

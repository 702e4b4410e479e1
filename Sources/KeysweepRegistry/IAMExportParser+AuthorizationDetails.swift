import Foundation

extension IAMExportParser {
    /// `aws iam get-account-authorization-details`: users (groups, inline and attached policies,
    /// boundary, tags), groups, roles (trust policy, instance profiles) and managed policies with
    /// their default version's document. The aws CLI joins all pages into one document.
    func authorizationDetails() throws -> ImportBatch {
        var batch = ImportBatch()
        let dict = try root()
        for user in try list(dict, "UserDetailList") {
            guard let name = string(user, "UserName") else { throw fail("a user has no UserName", near: "UserDetailList") }
            let arn = string(user, "Arn")
            guard let account = accountOf(arn: arn) else {
                throw fail("user \(name) has no Arn with an account id", near: "\"\(name)\"")
            }
            var tags: [String: String] = [:]
            for tag in (user["Tags"] as? [[String: Any]]) ?? [] {
                if let k = string(tag, "Key") { tags[k] = tag["Value"] as? String ?? "" }
            }
            let boundary = (user["PermissionsBoundary"] as? [String: Any]).flatMap { string($0, "PermissionsBoundaryArn") }
            let policies = try inlinePolicies(user["UserPolicyList"], owner: name)
                + attachedPolicies(user["AttachedManagedPolicies"], owner: name)
            batch.users.append(.init(account: account, userName: name, arn: arn, userId: string(user, "UserId"),
                                     created: ISODate.parse(string(user, "CreateDate")),
                                     details: .init(boundaryArn: boundary, tags: tags,
                                                    groups: (user["GroupList"] as? [String]) ?? [], policies: policies)))
            batch.noteAccount(account)
        }
        for group in try list(dict, "GroupDetailList") {
            guard let name = string(group, "GroupName") else { throw fail("a group has no GroupName", near: "GroupDetailList") }
            let arn = string(group, "Arn")
            guard let account = accountOf(arn: arn) else {
                throw fail("group \(name) has no Arn with an account id", near: "\"\(name)\"")
            }
            let policies = try inlinePolicies(group["GroupPolicyList"], owner: name)
                + attachedPolicies(group["AttachedManagedPolicies"], owner: name)
            batch.groups.append(.init(account: account, name: name, arn: arn, policies: policies))
            batch.noteAccount(account)
        }
        for role in try list(dict, "RoleDetailList") {
            guard let name = string(role, "RoleName") else { throw fail("a role has no RoleName", near: "RoleDetailList") }
            let arn = string(role, "Arn")
            guard let account = accountOf(arn: arn) else {
                throw fail("role \(name) has no Arn with an account id", near: "\"\(name)\"")
            }
            let policies = try inlinePolicies(role["RolePolicyList"], owner: name)
                + attachedPolicies(role["AttachedManagedPolicies"], owner: name)
            let profiles = ((role["InstanceProfileList"] as? [[String: Any]]) ?? []).compactMap { string($0, "InstanceProfileName") }
            batch.roles.append(.init(account: account, name: name, arn: arn,
                                     trustPolicy: try document(role["AssumeRolePolicyDocument"], near: name),
                                     policies: policies, instanceProfiles: profiles))
            batch.noteAccount(account)
        }
        for policy in try list(dict, "Policies") {
            guard let arn = string(policy, "Arn") else { throw fail("a managed policy has no Arn", near: "\"Policies\"") }
            let name = string(policy, "PolicyName") ?? String(arn.split(separator: "/").last ?? "")
            let versions = (policy["PolicyVersionList"] as? [[String: Any]]) ?? []
            let defaultId = string(policy, "DefaultVersionId")
            let chosen = versions.first { ($0["IsDefaultVersion"] as? Bool) == true }
                ?? versions.first { string($0, "VersionId") == defaultId } ?? versions.first
            batch.managedPolicies.append(.init(arn: arn, name: name,
                                               document: try document(chosen?["Document"], near: name)))
            batch.noteAccount(accountOf(arn: arn).flatMap { $0 == "aws" ? nil : $0 })
        }
        if batch.users.isEmpty && batch.groups.isEmpty && batch.roles.isEmpty && batch.managedPolicies.isEmpty {
            throw fail("no users, groups, roles or policies in this authorization-details export")
        }
        return batch
    }

    func list(_ dict: [String: Any], _ key: String) throws -> [[String: Any]] {
        guard let value = dict[key] else { return [] }
        guard let list = value as? [[String: Any]] else { throw fail("\(key) is not a list of objects", near: "\"\(key)\"") }
        return list
    }
}

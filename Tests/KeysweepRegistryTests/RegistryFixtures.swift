import Foundation

/// Small, realistic exports in the shapes the aws CLI prints (shared/reference/aws.md §4).
enum Fixtures {
    static let keyId = "AKIARZPUZDIKOKZOYGFN"          // account 123456789012
    static let secret = "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"

    static let listAccessKeys = """
        {
            "AccessKeyMetadata": [
                {"UserName": "ci-deployer", "AccessKeyId": "\(keyId)", "Status": "Active", "CreateDate": "2024-01-01T00:05:00Z"}
            ],
            "IsTruncated": false
        }
        """
    static let lastUsed = """
        {"UserName": "ci-deployer", "AccessKeyLastUsed": {"LastUsedDate": "2026-11-20T09:14:00Z", "ServiceName": "s3", "Region": "us-east-1"}}
        """
    static let authorizationDetails = """
        {
          "UserDetailList": [{
            "Path": "/", "UserName": "ci-deployer", "UserId": "AIDACKCEVSQ6C2EXAMPLE",
            "Arn": "arn:aws:iam::123456789012:user/ci-deployer", "CreateDate": "2013-10-14T18:32:24Z",
            "UserPolicyList": [{"PolicyName": "s3-deploy", "PolicyDocument": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}}],
            "GroupList": ["deployers"], "AttachedManagedPolicies": [], "Tags": [{"Key": "team", "Value": "platform"}]
          }],
          "GroupDetailList": [{
            "Path": "/", "GroupName": "deployers", "GroupId": "AGPACKCEVSQ6C7EXAMPLE",
            "Arn": "arn:aws:iam::123456789012:group/deployers", "CreateDate": "2013-10-14T18:32:24Z",
            "GroupPolicyList": [], "AttachedManagedPolicies": [{"PolicyName": "deploy-policy", "PolicyArn": "arn:aws:iam::123456789012:policy/deploy-policy"}]
          }],
          "RoleDetailList": [],
          "Policies": [{
            "PolicyName": "deploy-policy", "Arn": "arn:aws:iam::123456789012:policy/deploy-policy", "DefaultVersionId": "v1",
            "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
                "Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22lambda%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}]
          }],
          "IsTruncated": false
        }
        """
    static let credentialReportCSV = """
        user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
        <root_account>,arn:aws:iam::123456789012:root,2017-06-10T02:35:07+00:00,not_supported,2017-10-22T08:11:09+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
        ci-deployer,arn:aws:iam::123456789012:user/ci-deployer,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2024-01-01T00:05:00+00:00,2026-11-20T09:14:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A

        """
    static var credentialReportJSON: String {
        "{\"Content\": \"\(Data(credentialReportCSV.utf8).base64EncodedString())\", \"ReportFormat\": \"text/csv\", \"GeneratedTime\": \"2015-02-02T20:02:02Z\"}"
    }
    static let callerIdentity = """
        {"UserId": "AIDASAMPLEUSERID", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/DevAdmin"}
        """
    static let createAccessKey = """
        {"AccessKey": {"UserName": "ci-deployer", "AccessKeyId": "\(keyId)", "Status": "Active",
                       "SecretAccessKey": "\(secret)", "CreateDate": "2024-01-01T00:05:00Z"}}
        """
    static let credentials = """
        [default]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

        [ci-deployer]
        aws_access_key_id=\(keyId)
        aws_secret_access_key=\(secret)
        """
    static let config = """
        [default]
        region = us-east-1

        [profile deploy-role]
        role_arn = arn:aws:iam::123456789012:role/deploy-role
        source_profile = ci-deployer

        [sso-session my-sso]
        sso_start_url = https://my-sso-portal.awsapps.com/start

        [profile dev-sso]
        sso_session = my-sso
        sso_account_id = 111122223333
        """
    static let inventoryTOML = """
        [[keys]]
        key_id = "\(keyId)"
        workload = "github-actions"
        owner = "jdoe"
        team = "platform"
        contact = "platform@example.com"
        repository = "acme/webshop"
        account_alias = "acme-prod"
        """
    static let inventoryCSV = """
        key_id,workload,owner,team,contact,repository
        \(keyId),ecs,jdoe,platform,platform@example.com,acme/webshop
        """
}

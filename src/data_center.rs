//! Zoho's data centres and their domains.

/// A Zoho data centre: an org's data lives in one, and its API and accounts domains follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataCenter {
    /// United States (`zohoapis.com`).
    Us,
    /// Europe (`zohoapis.eu`).
    Eu,
    /// India (`zohoapis.in`).
    In,
    /// Australia (`zohoapis.com.au`).
    Au,
    /// Japan (`zohoapis.jp`).
    Jp,
    /// China (`zohoapis.com.cn`).
    Cn,
    /// Canada (`zohoapis.ca`).
    Ca,
    /// Saudi Arabia (`zohoapis.sa`).
    Sa,
}

/// Which of an org's environments to call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// The live org.
    #[default]
    Production,
    /// The org's sandbox.
    Sandbox,
    /// A developer edition org.
    Developer,
}

impl DataCenter {
    /// Every data centre.
    pub const ALL: [DataCenter; 8] = [
        DataCenter::Us,
        DataCenter::Eu,
        DataCenter::In,
        DataCenter::Au,
        DataCenter::Jp,
        DataCenter::Cn,
        DataCenter::Ca,
        DataCenter::Sa,
    ];

    /// The domain suffix of its API hosts, e.g. `zohoapis.eu`.
    fn api_suffix(self) -> &'static str {
        match self {
            DataCenter::Us => "zohoapis.com",
            DataCenter::Eu => "zohoapis.eu",
            DataCenter::In => "zohoapis.in",
            DataCenter::Au => "zohoapis.com.au",
            DataCenter::Jp => "zohoapis.jp",
            DataCenter::Cn => "zohoapis.com.cn",
            DataCenter::Ca => "zohoapis.ca",
            DataCenter::Sa => "zohoapis.sa",
        }
    }

    /// The API domain of an environment, e.g. `https://www.zohoapis.eu`.
    pub fn api_domain(self, environment: Environment) -> String {
        let host = match environment {
            Environment::Production => "www",
            Environment::Sandbox => "sandbox",
            Environment::Developer => "developer",
        };
        format!("https://{host}.{}", self.api_suffix())
    }

    /// The accounts server that issues its OAuth tokens, e.g. `https://accounts.zoho.eu`.
    pub fn accounts_url(self) -> &'static str {
        match self {
            DataCenter::Us => "https://accounts.zoho.com",
            DataCenter::Eu => "https://accounts.zoho.eu",
            DataCenter::In => "https://accounts.zoho.in",
            DataCenter::Au => "https://accounts.zoho.com.au",
            DataCenter::Jp => "https://accounts.zoho.jp",
            DataCenter::Cn => "https://accounts.zoho.com.cn",
            DataCenter::Ca => "https://accounts.zohocloud.ca",
            DataCenter::Sa => "https://accounts.zoho.sa",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_follow_zohos_table() {
        assert_eq!(
            DataCenter::Us.api_domain(Environment::Production),
            "https://www.zohoapis.com"
        );
        assert_eq!(
            DataCenter::Au.api_domain(Environment::Sandbox),
            "https://sandbox.zohoapis.com.au"
        );
        assert_eq!(
            DataCenter::Cn.api_domain(Environment::Developer),
            "https://developer.zohoapis.com.cn"
        );
        assert_eq!(
            DataCenter::Ca.accounts_url(),
            "https://accounts.zohocloud.ca"
        );
        assert_eq!(
            DataCenter::Sa.api_domain(Environment::Production),
            "https://www.zohoapis.sa"
        );
    }
}

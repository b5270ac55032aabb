export declare const SECURITY_HEADERS: Readonly<Record<string, string>>;
export declare const API_CONTENT_SECURITY_POLICY: string;

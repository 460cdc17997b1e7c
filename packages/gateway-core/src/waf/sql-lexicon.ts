/**
 * The SQL words the injection scanner knows, by the part they play: what starts a statement, what
 * joins conditions, what compares, which functions exist in MySQL, SQL Server, PostgreSQL, Oracle
 * and SQLite, which of those are only ever wanted by an attacker (time delays, file and network
 * access, error-based extraction), and the catalogue tables a probe reads. Dotted names
 * (`dbms_lock.sleep`) are looked up whole and by their last part.
 */

const words = (list: string) => new Set(list.split(/\s+/).filter((w) => w.length > 0));

/** Words that begin a statement, stacked after `;` or straight after a closing quote. */
export const STATEMENT_STARTS = words(`
  select insert update delete drop create alter truncate exec execute declare shutdown waitfor grant
  revoke set begin if while load call handler replace merge rename backup restore kill open fetch
  close deallocate print raiserror reconfigure dbcc show`);

/** Boolean connectives (`&&` and `||` are operators in the token stream and count here too). */
export const LOGIC = words(`and or xor && ||`);

/** Comparison words; with the symbolic ones (`=`, `<>`, ...) they make a condition out of two values. */
export const COMPARISON_WORDS = words(`like rlike regexp is in between sounds glob match similar ilike`);

/** Operator words that join two values without comparing them. */
export const ARITHMETIC_WORDS = words(`div mod collate escape`);

/** Prefix operators. */
export const UNARY_WORDS = words(`not binary`);

/** Literal values. */
export const CONSTANT_WORDS = words(`null true false unknown`);

/** Words that are values on their own, without brackets. */
export const NILADIC = words(`current_user current_date current_time current_timestamp localtime localtimestamp
  session_user system_user user current_schema sysdate`);

/** Clause keywords: after a finished condition they show the attacker carrying on with a query. */
export const CLAUSES = words(`from where having group order by limit offset into union intersect except minus
  procedure for on join inner outer left right cross natural using as when then else end top all distinct
  lock share mode with rows fetch only values`);

/** Functions an application's own SQL has every reason to use, and injected SQL uses to build or test values. */
export const SQL_FUNCTIONS = words(`
  abs acos aes_decrypt aes_encrypt ascii asin atan avg bin bit_length cast ceil ceiling char char_length
  character_length charindex charset chr coalesce coercibility collation compress concat concat_ws connection_id
  conv convert cos cot count crc32 current_database database datalength date dayname db_name decode degrees
  elt encode exp export_set extract field file_name find_in_set floor format found_rows from_base64 getdate
  greatest group_concat hex host_name if ifnull iif inet_aton insert instr isnull last last_insert_id lcase
  least left len length ln load locate log lower lpad ltrim make_set md5 mid min max mod now nullif oct ord
  password pi position pow power quote radians rand regexp_substr repeat replace reverse right round row_count
  rpad rtrim schema sha sha1 sha2 sign sin soundex space sqrt str string_agg strcmp substr substring
  substring_index sum suser_name system_user tan to_char to_base64 trim ucase uncompress unhex upper user
  user_name uuid version weight_string xmlagg xmlelement array_agg array_to_json generate_series nvl
  sqlite_version typeof unicode zeroblob dcount filetoclob filetoblob object_id objectproperty has_dbaccess
  is_srvrolemember is_member db_id schema_name table_name column_name quotename sysdate systimestamp`);

/** Functions only an attacker calls through a web form: delays, file, shell and network access, error-based extraction. */
export const ATTACK_FUNCTIONS = words(`
  sleep benchmark pg_sleep load_file extractvalue updatexml xp_cmdshell xp_dirtree xp_fileexist xp_regread
  sp_executesql sp_oacreate sp_oamethod sp_makewebtask sp_addextendedproc sp_configure sp_password
  dbms_pipe.receive_message utl_inaddr.get_host_address utl_http.request dbms_xmlgen.getxml ctxsys.drithsx.sn
  randomblob name_const gtid_subset geometrycollection multipoint polygon multipolygon linestring
  multilinestring exp xmltype fn_varbintohexstr fn_sqlvarbasetostr pg_read_file pg_ls_dir lo_import lo_export
  get_lock master_pos_wait raise_error`);

/** Catalogue tables and variables that say "list the database". */
export const CATALOGUE = words(`
  information_schema sysobjects syscolumns sysdatabases sysusers syslogins sysprocesses pg_catalog pg_tables
  pg_user pg_shadow pg_database pg_namespace pg_class pg_stat_user_tables pg_proc sqlite_master
  sqlite_temp_master sqlite_schema all_tables user_tables all_tab_columns user_tab_columns all_users dba_users
  dba_tables v$version v$database msysobjects msysaccessobjects rdb$database mysql.user mysql.db sys.objects
  sys.tables sys.databases sys.columns sys.sql_logins master..sysdatabases master..sysobjects
  master.dbo.sysdatabases sysibm.sysdummy1 sysibm.systables sysibm.syscolumns syscat.tables syscat.columns
  sysmaster innodb_table_stats innodb_index_stats`);

/** Look a dotted name up whole, then by its last part (`dbms_lock.sleep` -> `sleep`). */
export function inSet(set: ReadonlySet<string>, word: string): boolean {
  if (set.has(word)) return true;
  const dot = word.lastIndexOf('.');
  return dot !== -1 && set.has(word.slice(dot + 1));
}

/** Whether a dotted name has any part in the set (`information_schema.tables`, `master..xp_cmdshell`). */
export function anyPartIn(set: ReadonlySet<string>, word: string): boolean {
  if (set.has(word)) return true;
  if (!word.includes('.')) return false;
  for (const part of word.split('.')) if (part.length > 0 && set.has(part)) return true;
  return false;
}

import type { Decider } from '../shared/decider.js';
import { conflict, invalid } from '../shared/errors.js';
import type { DepartmentCommand, SessionCommand, UserCommand } from './commands.js';
import type { DepartmentEvent, SessionEvent, UserEvent, Window } from './events.js';
import { checkRoles, DEPARTMENT_CODE, USERNAME } from './rules.js';

export type DepartmentState = { status: 'none' } | { status: 'active'; code: string; name: string; windows: Window[] };

export const departmentDecider: Decider<DepartmentCommand, DepartmentEvent, DepartmentState> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'DepartmentCreated':
        return { status: 'active', ...event.data };
      case 'WindowOpened':
        return state.status === 'active' ? { ...state, windows: [...state.windows, event.data.window] } : state;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateDepartment': {
        if (state.status !== 'none') return conflict('department.exists', '部门已存在', 'The department already exists');
        if (!DEPARTMENT_CODE.test(command.data.code)) {
          return invalid('department.bad_code', '部门编码只能用小写字母、数字和下划线', 'A department code uses lower-case letters, digits and underscores');
        }
        if (!command.data.name.trim()) return invalid('department.name_required', '部门名称不能为空', 'The department name is required');
        return [{ type: 'DepartmentCreated', data: command.data }];
      }
      case 'OpenWindow': {
        if (state.status !== 'active') return conflict('department.not_found', '部门不存在', 'No such department');
        if (state.windows.some((w) => w.code === command.data.window.code)) {
          return conflict('department.window_exists', '窗口编号已存在', 'The window already exists');
        }
        return [{ type: 'WindowOpened', data: command.data }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};

export type UserState =
  | { status: 'none' }
  | { status: 'active' | 'disabled'; userId: string; username: string; roles: string[]; department?: string };

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'UserRegistered': {
        const { userId, username, roles, department } = event.data;
        return { status: 'active', userId, username, roles, ...(department ? { department } : {}) };
      }
      case 'UserRolesChanged': {
        if (state.status === 'none') return state;
        const { department: _old, ...rest } = state;
        return { ...rest, roles: event.data.roles, ...(event.data.department ? { department: event.data.department } : {}) };
      }
      case 'UserDisabled':
        return state.status === 'none' ? state : { ...state, status: 'disabled' };
      case 'UserPasswordChanged':
        return state;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state, ctx) {
    switch (command.type) {
      case 'RegisterUser': {
        if (state.status !== 'none') return conflict('user.exists', '用户名已被使用', 'The username is taken');
        const { username, displayName, roles, department, passwordHash, departmentExists } = command.data;
        if (!USERNAME.test(username)) {
          return invalid('user.bad_username', '用户名为3–32位小写字母、数字或 . _ -，以字母开头', 'A username is 3–32 lower-case letters, digits or . _ -, starting with a letter');
        }
        if (!displayName.trim()) return invalid('user.name_required', '姓名不能为空', 'The display name is required');
        const problem = checkRoles(roles, department, departmentExists);
        if (problem) return problem;
        return [
          {
            type: 'UserRegistered',
            data: { userId: ctx.newId('user'), username, displayName, roles, ...(department ? { department } : {}), passwordHash },
          },
        ];
      }
      case 'ChangePassword':
        if (state.status !== 'active') return conflict('user.not_active', '用户不存在或已停用', 'No such active user');
        return [{ type: 'UserPasswordChanged', data: { userId: state.userId, passwordHash: command.data.passwordHash } }];
      case 'ChangeRoles': {
        if (state.status !== 'active') return conflict('user.not_active', '用户不存在或已停用', 'No such active user');
        const problem = checkRoles(command.data.roles, command.data.department, command.data.departmentExists);
        if (problem) return problem;
        const { roles, department } = command.data;
        return [{ type: 'UserRolesChanged', data: { userId: state.userId, roles, ...(department ? { department } : {}) } }];
      }
      case 'DisableUser':
        if (state.status !== 'active') return conflict('user.not_active', '用户不存在或已停用', 'No such active user');
        return [{ type: 'UserDisabled', data: { userId: state.userId, reason: command.data.reason } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};

export type SessionState = { status: 'none' } | { status: 'active' | 'ended'; sessionId: string };

export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState: { status: 'none' },
  evolve(_state, event) {
    return { status: event.type === 'SessionStarted' ? 'active' : 'ended', sessionId: event.data.sessionId };
  },
  decide(command, state) {
    switch (command.type) {
      case 'StartSession':
        if (state.status !== 'none') return conflict('session.exists', '会话已存在', 'The session already exists');
        return [{ type: 'SessionStarted', data: command.data }];
      case 'EndSession':
        // Logging out twice is harmless: the second time there is nothing to end.
        if (state.status !== 'active') return [];
        return [{ type: 'SessionEnded', data: { sessionId: state.sessionId, reason: command.data.reason } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
